/** The playground page: the module form, the phone, and the events, fed by the server's event stream. */
import { api } from './api.js';
import { moduleForm } from './module-form.js';
import { Phone } from './phone.js';
import { EventsPanel } from './events.js';
import type { PlaygroundEvent } from './types.js';

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

async function start(): Promise<void> {
  const info = await api.info();
  byId('mode').textContent =
    info.mode === 'sandbox'
      ? 'Offline sandbox: nothing leaves this machine. The phone plays the customer.'
      : 'Your connection: messages go to Meta. Replies arrive when Meta delivers webhooks to /webhook.';
  moduleForm(info, byId<HTMLSelectElement>('module-select'), byId('module-description'), byId<HTMLFormElement>('module-form'));
  const phone = new Phone(byId('phone'), info);
  const events = new EventsPanel(byId('events'), byId('counters'));
  const stream = new EventSource('/api/events');
  stream.onmessage = (message: MessageEvent<string>) => {
    const event = JSON.parse(message.data) as PlaygroundEvent;
    phone.take(event);
    events.take(event);
  };
}

void start();

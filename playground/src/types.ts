/** What the server's event stream carries (src/playground/event-hub.ts). */

export interface Bundle {
  id: string;
  field: string;
  type: string;
  phoneNumberId?: string;
  contact?: { profile?: { name?: string }; wa_id?: string };
  timestamp?: string;
  message?: Record<string, unknown> & { id: string; type: string; context?: { id?: string } };
  status?: Record<string, unknown> & { id: string; status: string; errors?: Array<{ code?: number; title?: string }> };
  messageType?: string;
  from?: string;
  statusValue?: string;
  recipientId?: string;
}

export interface SentMessage {
  id: string;
  phoneNumberId: string;
  to: string;
  body: Record<string, unknown> & { type: string };
  template?: { name: string; components?: Array<Record<string, unknown>> };
}

export interface Counters {
  totals: Record<string, number>;
  throughput: Array<{ phoneNumberId: string; lastSecond: number; perSecond: number }>;
  conversations: Array<{ phoneNumberId: string; customer: string; windowLeftMs: number; pairLeft: number; pairBurst: number }>;
}

export type PlaygroundEvent = { kind: 'bundle'; at: number; bundle: Bundle } | { kind: 'sent'; at: number; message: SentMessage } | { kind: 'counters'; at: number; counters: Counters };

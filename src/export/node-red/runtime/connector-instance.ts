/** One connector per Node-RED process, loaded when the first node needs it. */
import { loadConnector, type Connector } from '../../../runtime/connector.js';

let instance: Connector | undefined;

export function connector(): Connector {
  instance ??= loadConnector();
  return instance;
}

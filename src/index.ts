// Public API of the kinstrument SDK.
export { VERSION } from './version';

// ESM entry: the implementation is CommonJS (kafkajs is CommonJS and is patched through require hooks);
// this re-exports it so `import { … } from 'kinstrument'` sees the same single instance.
export { VERSION } from './index.js';

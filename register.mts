// Preload entry for ES modules: `node --import kinstrument/register app.mjs`.
import './register.js';

// Preload entry: `node -r kinstrument/register app.js`.
import './src/index';

// Preload entry: `node -r kinstrument/register app.js`. Configuration comes from the environment.
import { initFromEnvironment } from './src/sdk/init';

initFromEnvironment();

// Every test file sees the test stage's environment, exactly as its functions do under sls offline.
import { testSettings } from './stage';

Object.assign(process.env, testSettings.environment);

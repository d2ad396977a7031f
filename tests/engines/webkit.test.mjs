// WebKitGTK's MiniBrowser (the engine of Safari) through WebKitWebDriver, under xvfb-run:
// the smoke suite of tests/engines/smoke.mjs.
import { webkit } from './drivers.mjs';
import { smokeSuite } from './smoke.mjs';

smokeSuite(webkit);

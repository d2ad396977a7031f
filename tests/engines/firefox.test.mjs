// Firefox ESR (WebDriver BiDi): the smoke suite of tests/engines/smoke.mjs.
import { firefox } from './drivers.mjs';
import { smokeSuite } from './smoke.mjs';

smokeSuite(firefox);

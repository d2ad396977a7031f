// The page's scene registry: every scene once, in tab order — id (the hash's `scene=`, the same
// ids as the Rust registry in crate/src/registry/mod.rs), tab label key, module. A new scene is one
// module in this folder (the lifecycle kit.js drives) and one line here.

import * as race from './race.js';
import * as initLab from './init_lab.js';
import * as trainer from './trainer.js';
import * as preprocess from './preprocess.js';
import * as search from './search.js';
import * as regularize from './regularize.js';
import * as landscape from './landscape.js';

export const SCENES = [
  { id: 'race', i18n: 'scene.race', module: race },
  { id: 'init', i18n: 'scene.init', module: initLab },
  { id: 'train', i18n: 'scene.train', module: trainer },
  { id: 'preprocess', i18n: 'scene.preprocess', module: preprocess },
  { id: 'search', i18n: 'scene.search', module: search },
  { id: 'regularize', i18n: 'scene.regularize', module: regularize },
  { id: 'landscape', i18n: 'scene.landscape', module: landscape },
];

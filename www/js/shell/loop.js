// One requestAnimationFrame loop per scene. A generation token makes stop()+start() safe:
// a frame scheduled by an older run never runs.

export function createLoop(onFrame) {
  let generation = 0;
  let running = false;
  const tick = (token) => {
    if (token !== generation) return;
    if (onFrame() === false) {
      running = false;
      return;
    }
    requestAnimationFrame(() => tick(token));
  };
  return {
    start() {
      if (running) return;
      running = true;
      generation += 1;
      const token = generation;
      requestAnimationFrame(() => tick(token));
    },
    stop() {
      running = false;
      generation += 1;
    },
    get running() {
      return running;
    },
  };
}

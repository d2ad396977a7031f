// URL-hash state: `#scene=race&lr=0.05&…`. The scene key is read here; the rest of the hash
// is decoded and validated by the scene's Rust codec, which refuses bad values by name.

/** Split the hash into the scene id and the rest (the scene's own fields). */
export function readHash() {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  const scene = params.get('scene');
  params.delete('scene');
  return { scene, rest: params.toString() };
}

/** Write the scene's encoded state into the hash without adding a history entry per slider tick. */
export function writeHash(scene, encoded) {
  const hash = `#scene=${encodeURIComponent(scene)}${encoded ? `&${encoded}` : ''}`;
  if (location.hash !== hash) history.replaceState(null, '', `${location.pathname}${location.search}${hash}`);
}

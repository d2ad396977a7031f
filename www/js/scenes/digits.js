// The 8×8 digits' bytes, fetched once for every scene that needs them (the trainer, the
// preprocessing scene); the single file has them inlined.

let digitsBytes = null;

/** The bytes of static/data/digits8x8.bin (records of 64 pixels and a label). */
export async function loadDigits() {
  digitsBytes ??= globalThis.GRADSCOPE_EMBEDDED?.digits ?? null; // inlined by `cargo xtask dist`
  if (digitsBytes) return digitsBytes;
  const response = await fetch('static/data/digits8x8.bin');
  if (!response.ok) throw new Error(`static/data/digits8x8.bin: ${response.status}`);
  digitsBytes = new Uint8Array(await response.arrayBuffer());
  return digitsBytes;
}

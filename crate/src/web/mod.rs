//! The only module that knows about wasm-bindgen and web-sys: a thin facade that owns scene
//! objects, converts configs with serde-wasm-bindgen and draws onto canvases.

mod canvas;
mod init_lab;
mod race;
mod trainer;

use wasm_bindgen::prelude::*;

/// Runs once when the module is instantiated: panics become readable console errors.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// A refusal as a JS `Error` whose message names the field and the allowed range.
fn refusal(err: crate::error::ConfigError) -> JsError {
    JsError::new(&err.to_string())
}

/// Convert a Rust value to a plain JS object (maps as objects, not `Map`).
fn to_js<T: serde::Serialize>(value: &T) -> Result<JsValue, JsError> {
    let serializer = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
    value.serialize(&serializer).map_err(|e| JsError::new(&e.to_string()))
}

/// Convert a JS object to a Rust config; a wrong shape is refused with serde's message.
fn from_js<T: serde::de::DeserializeOwned>(value: JsValue) -> Result<T, JsError> {
    serde_wasm_bindgen::from_value(value).map_err(|e| JsError::new(&format!("config: {e}")))
}

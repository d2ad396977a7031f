//! The only module that knows about wasm-bindgen and web-sys: a thin facade that owns scene
//! objects, converts configs through their field tables, passes results between the module's
//! instances as bytes and hands read-outs to JS with serde-wasm-bindgen, and draws onto canvases.

pub(crate) mod canvas;
mod path;

use wasm_bindgen::prelude::*;

thread_local! {
    /// The message of the last panic, kept for the page's error banner (the call that panicked
    /// only surfaces in JS as a bare `RuntimeError: unreachable`).
    static LAST_PANIC: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Runs once when the module is instantiated: a panic is logged to the console with its stack
/// and its message is kept for `takePanic`.
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        LAST_PANIC.with(|last| *last.borrow_mut() = Some(info.to_string()));
    }));
}

/// Presenter mode: data strokes and markers drawn 1.6× as thick (the page redraws after).
#[wasm_bindgen(js_name = setPresenter)]
pub fn set_presenter(on: bool) {
    crate::render::set_presenter(on);
}

/// The canvases' device pixel ratio (chart text has a floor in CSS pixels).
#[wasm_bindgen(js_name = setPixelRatio)]
pub fn set_pixel_ratio(ratio: f64) {
    crate::render::set_pixel_ratio(ratio);
}

/// The message of the last panic, once (the page shows it in its banner).
#[wasm_bindgen(js_name = takePanic)]
pub fn take_panic() -> Option<String> {
    LAST_PANIC.with(|last| last.borrow_mut().take())
}

/// Bytes of this instance's linear memory (the page's and each worker's, for the memory test).
#[wasm_bindgen(js_name = wasmMemoryBytes)]
pub fn wasm_memory_bytes() -> usize {
    core::arch::wasm32::memory_size(0) * 65536
}

/// Panics on purpose: lets the end-to-end test check the banner and "reset scene" path, which
/// no input can reach otherwise (the fuzz tests keep it that way).
#[wasm_bindgen(js_name = panicForTest)]
pub fn panic_for_test() {
    panic!("deliberate panic requested by the end-to-end test");
}

thread_local! {
    /// The last refusal as data, for the page to word in its language (`takeRefusal`).
    static LAST_REFUSAL: std::cell::RefCell<Option<RefusalData>> = const { std::cell::RefCell::new(None) };
}

/// A refusal of a `C` config as a JS `Error` with the English message; the same refusal as data
/// (field, its label key, kind, allowed values, value) waits for `takeRefusal`.
pub(crate) fn refusal<C: crate::fields::Config>(err: crate::error::ConfigError) -> JsError {
    let label = C::fields().iter().find(|f| f.key == err.field || f.name == err.field).map(|f| f.label);
    let message = err.to_string();
    LAST_REFUSAL.with(|last| *last.borrow_mut() = Some(RefusalData::new(err, label)));
    JsError::new(&message)
}

/// `{field, label, kind, lo, hi, allowed, value, rule, args, message}`, numbers as text
/// (`1e-6`, not `0.000001`); keys a kind does not use are left out.
#[derive(serde::Serialize, Default)]
struct RefusalData {
    field: String,
    label: Option<&'static str>,
    message: String,
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    lo: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hi: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    allowed: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    args: Option<std::collections::BTreeMap<&'static str, String>>,
}

impl RefusalData {
    fn new(err: crate::error::ConfigError, label: Option<&'static str>) -> Self {
        use crate::error::{compact, Problem};
        let base = Self { message: err.to_string(), field: err.field, label, ..Self::default() };
        match err.problem {
            Problem::Range { lo, hi, value } => {
                Self { kind: "range", lo: Some(compact(lo)), hi: Some(compact(hi)), value: Some(value), ..base }
            }
            Problem::Count { lo, hi, value } => {
                Self { kind: "count", lo: Some(lo.to_string()), hi: Some(hi.to_string()), value: Some(value), ..base }
            }
            Problem::OneOf { allowed, value } => {
                Self { kind: "oneOf", allowed: Some(allowed.join(", ")), value: Some(value), ..base }
            }
            Problem::Rule { rule, args } => {
                Self { kind: "rule", rule: Some(rule), args: Some(args.into_iter().collect()), ..base }
            }
        }
    }
}

/// The last refusal as data, once (the page words it through i18n).
#[wasm_bindgen(js_name = takeRefusal)]
pub fn take_refusal() -> Result<JsValue, JsError> {
    LAST_REFUSAL.with(|last| last.borrow_mut().take()).map_or(Ok(JsValue::NULL), |data| to_js(&data))
}

/// Convert a Rust value to a plain JS object (maps as objects, not `Map`).
pub(crate) fn to_js<T: serde::Serialize>(value: &T) -> Result<JsValue, JsError> {
    let serializer = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
    value.serialize(&serializer).map_err(|e| JsError::new(&e.to_string()))
}

/// A worker's result as bytes (postcard) for the main thread's module: nothing per type on the
/// JS side, and no serde-wasm-bindgen deserializer per type in the module.
pub(crate) fn to_bytes<T: serde::Serialize>(value: &T) -> Result<Vec<u8>, JsError> {
    postcard::to_allocvec(value).map_err(|e| JsError::new(&format!("encoding a result: {e}")))
}

/// A result [`to_bytes`] wrote (in another instance of this same module).
pub(crate) fn from_bytes<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, JsError> {
    postcard::from_bytes(bytes).map_err(|e| JsError::new(&format!("reading a result: {e}")))
}

/// A config as a plain JS object `{name: value}` from its field table: numbers as numbers, flags
/// as booleans, lists as arrays of names, other text as strings; unset fields are left out. One
/// generic walk instead of a serde implementation per config keeps the module small.
pub(crate) fn config_to_js<C: crate::fields::Config>(cfg: &C) -> JsValue {
    use crate::fields::Kind;
    let object = js_sys::Object::new();
    for field in C::fields() {
        let Some(text) = (field.get)(cfg) else { continue };
        let value = match field.kind {
            Kind::Float { .. } | Kind::Count { .. } | Kind::Seed => JsValue::from_f64(text.parse().unwrap_or(f64::NAN)),
            Kind::Flag => JsValue::from_bool(text == "1"),
            Kind::List(_) => {
                text.split(',').filter(|s| !s.is_empty()).map(JsValue::from_str).collect::<js_sys::Array>().into()
            }
            Kind::Choice(_) | Kind::Text { .. } => JsValue::from_str(&text),
        };
        // Setting a key on a fresh plain object cannot throw.
        let _ = js_sys::Reflect::set(&object, &JsValue::from_str(field.name), &value);
    }
    object.into()
}

/// A config from a JS object named as [`config_to_js`] names it, over the defaults (missing or
/// null fields keep theirs); values are checked and refused by name, as links are by key.
pub(crate) fn config_from_js<C: crate::fields::Config>(value: JsValue) -> Result<C, JsError> {
    let text_of = |field: &crate::fields::Field<C>| {
        let item = js_sys::Reflect::get(&value, &JsValue::from_str(field.name)).ok()?;
        if item.is_null() || item.is_undefined() {
            None
        } else if let Some(number) = item.as_f64() {
            Some(crate::fields::url::num(number))
        } else if let Some(flag) = item.as_bool() {
            Some(u8::from(flag).to_string())
        } else if js_sys::Array::is_array(&item) {
            let items: Vec<String> =
                js_sys::Array::from(&item).iter().map(|v| v.as_string().unwrap_or_default()).collect();
            Some(items.join(","))
        } else {
            // A string as it is; another type as text the field's check refuses.
            Some(item.as_string().unwrap_or_else(|| "[object]".to_string()))
        }
    };
    crate::fields::from_texts(|f| f.name, text_of).map_err(refusal::<C>)
}

/// Scene `id`'s fields (link key, label, …) as the registry lists them: `hide=` names controls
/// by their link keys and finds them by their labels.
#[wasm_bindgen(js_name = sceneFields)]
pub fn scene_fields(id: &str) -> Result<JsValue, JsError> {
    let entry = crate::registry::SceneEntry::find(id).ok_or_else(|| JsError::new(&format!("no scene {id:?}")))?;
    to_js(&(entry.fields)())
}

/// The shortest link fields of scene `id` that open the state `hash` gives (the Share dialog).
#[wasm_bindgen(js_name = shortLink)]
pub fn short_link(id: &str, hash: &str) -> Result<String, JsError> {
    let entry = crate::registry::SceneEntry::find(id).ok_or_else(|| JsError::new(&format!("no scene {id:?}")))?;
    (entry.short)(hash).map_err(|e| JsError::new(&e))
}

/// The QR code of `text`: width × width modules, 1 = dark (the page draws them).
#[wasm_bindgen(js_name = qrModules)]
pub fn qr_modules(text: &str) -> Result<Vec<u8>, JsError> {
    crate::share::qr_modules(text).map(|(_, modules)| modules).map_err(|e| JsError::new(&e))
}

/// The methods every scene's facade shares, generated from its [`crate::scene::Scene`] entry and
/// how the facade reaches its config and its CSV: `configFromHash`, `config`, `toHash`, `csv`,
/// `setLabels` (the facade keeps its chart words in a `labels` field).
macro_rules! scene_facade {
    ($facade:ident of $scene:ty, |$this:ident| config: $config:expr, csv: $csv:expr $(,)?) => {
        #[wasm_bindgen::prelude::wasm_bindgen]
        impl $facade {
            /// Decode a link's fields into a config object (refused by field).
            #[wasm_bindgen(js_name = configFromHash)]
            pub fn config_from_hash(
                encoded: &str,
            ) -> std::result::Result<wasm_bindgen::JsValue, wasm_bindgen::JsError> {
                type Config = <$scene as crate::scene::Scene>::Config;
                let config = crate::fields::from_hash::<Config>(encoded).map_err(crate::web::refusal::<Config>)?;
                Ok(crate::web::config_to_js(&config))
            }

            /// The config in force.
            pub fn config(&self) -> wasm_bindgen::JsValue {
                let $this = self;
                crate::web::config_to_js($config)
            }

            /// The config as link fields.
            #[wasm_bindgen(js_name = toHash)]
            pub fn to_hash(&self) -> String {
                let $this = self;
                crate::fields::to_hash($config)
            }

            /// The numbers behind the scene's pictures as CSV.
            pub fn csv(&self) -> String {
                let $this = self;
                $csv
            }

            /// Translated chart words: `keys[i]` reads `words[i]`.
            #[wasm_bindgen(js_name = setLabels)]
            pub fn set_labels(&mut self, keys: Vec<String>, words: Vec<String>) {
                self.labels = crate::render::Labels::from_pairs(keys, words);
            }
        }
    };
}
pub(crate) use scene_facade;

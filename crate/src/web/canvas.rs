//! Canvas plumbing: 2D contexts, RGBA blits (one `putImageData` per heatmap), plotters backends.

use plotters_canvas::CanvasBackend;
use wasm_bindgen::prelude::*;
use wasm_bindgen::Clamped;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

/// The canvas's 2D context.
pub fn context(canvas: &HtmlCanvasElement) -> Result<CanvasRenderingContext2d, JsError> {
    canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
        .ok_or_else(|| JsError::new("this browser gave no 2D canvas context"))
}

/// A plotters backend drawing onto `canvas` (cleared first).
pub fn backend(canvas: &HtmlCanvasElement) -> Result<CanvasBackend, JsError> {
    context(canvas)?.clear_rect(0.0, 0.0, canvas.width() as f64, canvas.height() as f64);
    CanvasBackend::with_canvas_object(canvas.clone()).ok_or_else(|| JsError::new("canvas backend unavailable"))
}

/// Put `rgba` (w×h pixels) at pixel (x, y) of `canvas`.
pub fn blit(canvas: &HtmlCanvasElement, rgba: &[u8], w: u32, h: u32, x: i32, y: i32) -> Result<(), JsError> {
    let image = ImageData::new_with_u8_clamped_array_and_sh(Clamped(rgba), w, h)
        .map_err(|_| JsError::new("could not create ImageData"))?;
    context(canvas)?.put_image_data(&image, x as f64, y as f64).map_err(|_| JsError::new("could not draw the heatmap"))
}

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

/// A plotters backend drawing onto `canvas` (cleared first), or `None` when the canvas is too
/// small to hold a chart (hidden, or caught mid-layout): it is left blank.
pub fn backend(canvas: &HtmlCanvasElement) -> Result<Option<CanvasBackend>, JsError> {
    let ctx = context(canvas)?;
    ctx.clear_rect(0.0, 0.0, canvas.width() as f64, canvas.height() as f64);
    // Round joins: a haloed zigzag path would otherwise grow long miter spikes at its corners.
    ctx.set_line_join("round");
    if canvas.width() < crate::render::MIN_CHART_PX.0 || canvas.height() < crate::render::MIN_CHART_PX.1 {
        return Ok(None);
    }
    CanvasBackend::with_canvas_object(canvas.clone())
        .map(Some)
        .ok_or_else(|| JsError::new("canvas backend unavailable"))
}

/// Put `rgba` (w×h pixels) onto `canvas`, stretched (smoothly) over the rectangle at pixel
/// (x, y) of size `dw`×`dh`. The pixels go through `scratch`, a canvas of exactly w×h.
pub fn blit_scaled(
    canvas: &HtmlCanvasElement,
    scratch: &HtmlCanvasElement,
    rgba: &[u8],
    (w, h): (u32, u32),
    (x, y, dw, dh): (i32, i32, u32, u32),
) -> Result<(), JsError> {
    let failed = |_| JsError::new("could not draw the heatmap");
    let image = ImageData::new_with_u8_clamped_array_and_sh(Clamped(rgba), w, h).map_err(failed)?;
    scratch.set_width(w);
    scratch.set_height(h);
    context(scratch)?.put_image_data(&image, 0.0, 0.0).map_err(failed)?;
    let target = context(canvas)?;
    target.set_image_smoothing_enabled(true);
    target
        .draw_image_with_html_canvas_element_and_dw_and_dh(scratch, x as f64, y as f64, dw as f64, dh as f64)
        .map_err(failed)
}

/// A detached canvas for intermediate pixels.
pub fn scratch_canvas() -> Result<HtmlCanvasElement, JsError> {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("canvas").ok())
        .and_then(|e| e.dyn_into::<HtmlCanvasElement>().ok())
        .ok_or_else(|| JsError::new("could not create a canvas"))
}

//! The numbers behind the scene's pictures as CSV (for slides, spreadsheets and homework).

use std::fmt::Write;

/// The landscape scene's numbers in one long table: `table` names the part (line, slice,
/// smoothness, percentiles); the columns a part does not use are empty.
pub fn landscape(views: &[super::NetView<'_>]) -> String {
    let mut out =
        String::from("table,net,step,alpha,x,y,train_loss,val_loss,loss,loss_min,loss_max,grad_change,p15,p50,p85\n");
    for v in views {
        let (Some(o), name) = (v.output, v.name) else { continue };
        for ((a, t), l) in o.alpha.iter().zip(&o.train_line).zip(&o.val_line) {
            let _ = writeln!(out, "line,{name},,{a},,,{t},{l},,,,,,,");
        }
        let axis = o.plane.axis(v.slice.map_or(0, <[Vec<f64>]>::len));
        for (row, y) in v.slice.unwrap_or_default().iter().zip(&axis) {
            for (loss, x) in row.iter().zip(&axis).filter(|(l, _)| l.is_finite()) {
                let _ = writeln!(out, "slice,{name},,,{x},{y},,,{loss},,,,,,");
            }
        }
        for m in &o.smoothness {
            let s = m.value;
            let _ =
                writeln!(out, "smoothness,{name},{},,,,,,,{},{},{},,,", m.step, s.loss_min, s.loss_max, s.grad_change);
        }
        for m in &o.percentiles {
            let [a, b, c] = m.value;
            let _ = writeln!(out, "percentiles,{name},{},,,,,,,,,,{a},{b},{c}", m.step);
        }
    }
    out
}

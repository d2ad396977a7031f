//! The numbers behind the scene's pictures as CSV (for slides, spreadsheets and homework).

use std::fmt::Write;

/// The regularization comparison: one row per method and epoch (the first member's history),
/// then per method a `tested` row with the scores of the tested network (the ensemble's
/// average, with or without the test-time correction as shown).
pub fn regularize_methods(results: &[&super::MethodResult]) -> String {
    let mut out = String::from("method,strength,epoch,train_loss,val_loss,train_acc,val_acc,members,uncorrected\n");
    for r in results {
        for (e, [tl, vl, ta, va]) in r.history.iter().enumerate() {
            let _ = writeln!(out, "{},{},{},{tl},{vl},{ta},{va},,", r.method, r.strength, e + 1);
        }
        let (t, v) = (r.train, r.val);
        let (n, raw) = (r.members.len(), u8::from(r.uncorrected));
        let _ = writeln!(
            out,
            "{},{},tested,{},{},{},{},{n},{raw}",
            r.method, r.strength, t.val_loss, v.val_loss, t.val_acc, v.val_acc
        );
    }
    out
}

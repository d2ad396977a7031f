//! The field-table rows of a weight initialization (`init` and its custom `std`), declared once
//! for the init lab and the trainer.

use super::init::{Init, MAX_CUSTOM_STD, MIN_CUSTOM_STD};
use crate::fields::{Field, HashText, Kind};

/// The std a custom init takes until a link or the CLI gives one.
pub const DEFAULT_CUSTOM_STD: f64 = 0.1;

/// A config with a weight initialization.
pub trait HasInit {
    /// Its initialization.
    fn init(&self) -> Init;
    /// Replace it.
    fn set_init(&mut self, init: Init);
}

/// `init` (a rule's name) and `std` (only with `custom`); `std_flag` is the CLI flag of the std.
pub fn init_fields<C: HasInit>(std_flag: &'static str) -> [Field<C>; 2] {
    [
        Field::<C>::new(
            "init",
            "init",
            "init.init",
            Kind::Choice(Init::names),
            (
                |c| Some(c.init().name().to_string()),
                |c, v| {
                    if let Some(init) = Init::from_name(v, DEFAULT_CUSTOM_STD) {
                        c.set_init(init);
                    }
                },
            ),
        ),
        Field::<C>::new(
            "std",
            "std",
            "init.custom_std",
            Kind::log(MIN_CUSTOM_STD, MAX_CUSTOM_STD),
            (
                |c| match c.init() {
                    Init::Custom(std) => Some(std.to_text()),
                    _ => None,
                },
                |c, v| {
                    if let Init::Custom(_) = c.init() {
                        c.set_init(Init::Custom(f64::from_text(v)));
                    }
                },
            ),
        )
        .flag(std_flag)
        .slider(1e-3, 10.0, 0.01),
    ]
}

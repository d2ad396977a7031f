//! (filled in by the scene work)

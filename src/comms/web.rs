//! Pages (filled in below).

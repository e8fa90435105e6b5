//! SMPTE ST 2059-1 time arithmetic.

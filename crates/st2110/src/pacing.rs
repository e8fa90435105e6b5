//! SMPTE ST 2110-21 traffic shaping and delivery timing.

//! Detection: every fixture is read as the format it is written in.

//! The `alloc` names every module uses. The crate is `no_std` (it needs only an allocator), so
//! that the wasm build links no `std` and none of its panic-message formatting.

pub(crate) use alloc::borrow::{Cow, ToOwned};
pub(crate) use alloc::format;
pub(crate) use alloc::string::{String, ToString};
pub(crate) use alloc::vec;
pub(crate) use alloc::vec::Vec;

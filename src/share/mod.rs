//! Sharing a session with the room: devices add notes and dots over the local network, through
//! the one writer, and see the current step. Nothing is acknowledged before it is on disk.
//!
//! - [`server`]: HTTP on its own thread (connections, limits, headers); `routes`: each request
//!   checked and handed to the writer.
//! - [`desk`]: the writer's side; requests become changes, committed together, then answered.
//! - [`room`]: what devices see of the session.
//! - [`page`]: the participant's page. [`limits`]: rate limits. [`code`]: join codes.
//!   [`addr`]: where to listen.

pub mod addr;
pub mod code;
pub mod desk;
pub mod limits;
pub mod page;
pub mod room;
mod routes;
pub mod server;

pub use desk::{Answer, Ask, Desk, Request};
pub use room::RoomView;
pub use server::{Server, ShareError, join_url};

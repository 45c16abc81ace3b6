//! Where the room's server listens: the machine's address on the room's network by default,
//! or the one the facilitator chose.

use super::server::ShareError;
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};

/// The port tried first when none is given (short to type on a phone); any free one after.
pub const DEFAULT_PORT: u16 = 7070;

/// The machine's address on the local network (the interface of its default route, else the
/// first private IPv4 address), or loopback when it has none.
pub fn lan_address() -> IpAddr {
    local_ip_address::local_ip()
        .ok()
        .or_else(|| {
            choices()
                .into_iter()
                .map(|(_, ip)| ip)
                .find(|ip| !ip.is_loopback())
        })
        .unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST))
}

/// This machine's IPv4 addresses, with their interfaces' names.
pub fn choices() -> Vec<(String, IpAddr)> {
    local_ip_address::list_afinet_netifas()
        .map(|list| list.into_iter().filter(|(_, ip)| ip.is_ipv4()).collect())
        .unwrap_or_default()
}

/// The addresses, for a message: "192.168.1.20 (wlan0), 10.42.0.1 (hotspot)".
pub fn describe_choices() -> String {
    let list: Vec<String> = choices()
        .into_iter()
        .filter(|(_, ip)| !ip.is_loopback())
        .map(|(name, ip)| format!("{ip} ({name})"))
        .collect();
    if list.is_empty() {
        "none besides loopback".into()
    } else {
        list.join(", ")
    }
}

/// Binds the listening socket (so a port in use is known at once, as a message).
pub fn listen(bind: Option<SocketAddr>) -> Result<TcpListener, ShareError> {
    let listener = match bind {
        Some(addr) => bind_one(addr)?,
        None => {
            let ip = lan_address();
            match bind_one(SocketAddr::new(ip, DEFAULT_PORT)) {
                Ok(l) => l,
                Err(_) => bind_one(SocketAddr::new(ip, 0))?,
            }
        }
    };
    listener
        .set_nonblocking(true)
        .map_err(|e| ShareError::Runtime(e.to_string()))?;
    Ok(listener)
}

fn bind_one(addr: SocketAddr) -> Result<TcpListener, ShareError> {
    TcpListener::bind(addr).map_err(|e| match e.kind() {
        std::io::ErrorKind::AddrInUse => ShareError::InUse {
            addr,
            ip: addr.ip(),
        },
        _ => ShareError::Bind {
            addr,
            why: e.to_string(),
            choices: describe_choices(),
        },
    })
}

/// Reads `ADDR:PORT`, `ADDR` (the default port) or `:PORT` (the LAN address).
pub fn parse_bind(text: &str) -> Result<SocketAddr, String> {
    let text = text.trim();
    if let Ok(addr) = text.parse::<SocketAddr>() {
        return Ok(addr);
    }
    if let Ok(ip) = text.parse::<IpAddr>() {
        return Ok(SocketAddr::new(ip, DEFAULT_PORT));
    }
    if let Some(port) = text.strip_prefix(':')
        && let Ok(port) = port.parse::<u16>()
    {
        return Ok(SocketAddr::new(lan_address(), port));
    }
    Err(format!(
        "“{text}” is not an address to listen on: give ADDR:PORT (e.g. 192.168.1.20:7070), \
         ADDR, or :PORT. Addresses on this machine: {}",
        describe_choices()
    ))
}

//! What one client may hold of the server: its network (the clients of one
//! IPv4 /24 or one IPv6 /64 count as one, so a client with many addresses
//! is still one client), and the request bodies held in memory while they
//! arrive, in all and by network (hosting review A1, A6).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// The most bytes of request bodies held at once, in all: a form post is a
/// few KB, so this is a thousand families posting at the same moment.
pub const BODY_BUDGET: usize = 64 * 1024 * 1024;
/// The most one network may hold: sixty-four bodies at the largest size
/// taken.
pub const NETWORK_BODY_BUDGET: usize = 16 * 1024 * 1024;

/// The network a client address belongs to, for sharing: an IPv4 /24 or an
/// IPv6 /64 (an IPv6 client is usually given a whole /64, so counting
/// addresses would let one client take every place).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Network(IpAddr);

impl Network {
    pub fn of(ip: IpAddr) -> Network {
        let ip = match ip {
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => IpAddr::V4(v4),
                None => IpAddr::V6(v6),
            },
            v4 => v4,
        };
        Network(match ip {
            IpAddr::V4(v4) => {
                let [a, b, c, _] = v4.octets();
                IpAddr::V4(std::net::Ipv4Addr::new(a, b, c, 0))
            }
            IpAddr::V6(v6) => {
                let s = v6.segments();
                IpAddr::V6(std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        })
    }
}

/// The bytes of request bodies held now, in all and by network.
#[derive(Debug, Default)]
pub struct Bodies {
    total: AtomicUsize,
    by_network: Mutex<HashMap<Network, usize>>,
}

/// Bytes of a body held; given back when dropped (when the request is
/// answered).
#[derive(Debug)]
pub struct Held {
    bodies: Arc<Bodies>,
    network: Network,
    bytes: usize,
}

impl Bodies {
    /// Holds `bytes` more for `network`, if the budgets allow.
    pub fn hold(self: &Arc<Self>, held: &mut Held, bytes: usize) -> bool {
        let mut map = self.by_network.lock().unwrap_or_else(|e| e.into_inner());
        let mine = map.get(&held.network).copied().unwrap_or(0);
        let total = self.total.load(Ordering::Relaxed);
        if mine + bytes > NETWORK_BODY_BUDGET || total + bytes > BODY_BUDGET {
            return false;
        }
        *map.entry(held.network).or_insert(0) += bytes;
        self.total.fetch_add(bytes, Ordering::Relaxed);
        held.bytes += bytes;
        true
    }

    /// Nothing held yet for a request from `network`.
    pub fn start(self: &Arc<Self>, network: Network) -> Held {
        Held {
            bodies: self.clone(),
            network,
            bytes: 0,
        }
    }

    /// The bytes held now, in all.
    #[cfg(test)]
    pub fn total(&self) -> usize {
        self.total.load(Ordering::Relaxed)
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        if self.bytes == 0 {
            return;
        }
        let mut map = self
            .bodies
            .by_network
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if let Some(n) = map.get_mut(&self.network) {
            *n = n.saturating_sub(self.bytes);
            if *n == 0 {
                map.remove(&self.network);
            }
        }
        self.bodies.total.fetch_sub(self.bytes, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_of_one_network_are_one_client() {
        let n = |s: &str| Network::of(s.parse().unwrap());
        assert_eq!(n("127.0.0.1"), n("127.0.0.199"));
        assert_ne!(n("127.0.0.1"), n("127.0.1.1"));
        assert_eq!(n("2001:db8:1:2::1"), n("2001:db8:1:2:ffff::9"));
        assert_ne!(n("2001:db8:1:2::1"), n("2001:db8:1:3::1"));
        assert_eq!(n("::ffff:192.0.2.7"), n("192.0.2.9"));
    }

    #[test]
    fn bodies_are_held_within_both_budgets_and_given_back() {
        let bodies = Arc::new(Bodies::default());
        let a = Network::of("192.0.2.1".parse().unwrap());
        let b = Network::of("198.51.100.1".parse().unwrap());
        let mut held = Vec::new();
        let chunk = 256 * 1024;
        // One network: up to its budget, then refused.
        loop {
            let mut h = bodies.start(a);
            if !bodies.hold(&mut h, chunk) {
                break;
            }
            held.push(h);
        }
        assert_eq!(held.len(), NETWORK_BODY_BUDGET / chunk);
        // Another network is still served.
        let mut other = bodies.start(b);
        assert!(bodies.hold(&mut other, chunk));
        drop(other);
        drop(held);
        assert_eq!(bodies.total(), 0);
        // Every network together: up to the total budget.
        let mut all = Vec::new();
        for i in 0..=255u8 {
            let net = Network::of(std::net::IpAddr::V4(std::net::Ipv4Addr::new(10, i, 0, 1)));
            let mut h = bodies.start(net);
            if bodies.hold(&mut h, 4 * chunk) {
                all.push(h);
            }
        }
        assert_eq!(all.len(), BODY_BUDGET / (4 * chunk));
    }
}

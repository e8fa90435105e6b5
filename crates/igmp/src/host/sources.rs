//! A fixed-capacity, sorted set of source addresses.

use core::fmt;

use super::Family;

/// Up to `S` distinct source addresses, kept sorted (so records list them in a stable
/// order, as RFC 9776 §4.2.16 prefers for truncated lists).
#[derive(Clone, Copy)]
pub struct SourceSet<A: Family, const S: usize> {
    items: [A; S],
    len: usize,
}

/// The set would hold more than its capacity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Full;

impl<A: Family, const S: usize> Default for SourceSet<A, S> {
    fn default() -> Self {
        Self::new()
    }
}

impl<A: Family, const S: usize> SourceSet<A, S> {
    /// The capacity, `S`.
    pub const CAPACITY: usize = S;

    /// An empty set.
    pub const fn new() -> Self {
        SourceSet {
            items: [A::UNSPECIFIED; S],
            len: 0,
        }
    }

    /// A set of the given addresses (duplicates are dropped).
    pub fn from_iter_checked(it: impl IntoIterator<Item = A>) -> Result<Self, Full> {
        let mut s = Self::new();
        for a in it {
            s.insert(a)?;
        }
        Ok(s)
    }

    /// Number of addresses.
    pub const fn len(&self) -> usize {
        self.len
    }

    /// Whether it is empty.
    pub const fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The addresses in ascending order.
    pub fn as_slice(&self) -> &[A] {
        &self.items[..self.len]
    }

    /// The addresses in ascending order.
    pub fn iter(&self) -> impl Iterator<Item = A> + '_ {
        self.as_slice().iter().copied()
    }

    /// Whether `a` is in the set.
    pub fn contains(&self, a: &A) -> bool {
        self.as_slice().binary_search(a).is_ok()
    }

    /// The position of `a`, if present.
    pub(crate) fn position(&self, a: &A) -> Option<usize> {
        self.as_slice().binary_search(a).ok()
    }

    /// Adds `a`; `Ok(true)` if it was new, `Err(Full)` (set unchanged) if there is no
    /// room.
    pub fn insert(&mut self, a: A) -> Result<bool, Full> {
        match self.as_slice().binary_search(&a) {
            Ok(_) => Ok(false),
            Err(i) => {
                if self.len == S {
                    return Err(Full);
                }
                self.items.copy_within(i..self.len, i + 1);
                self.items[i] = a;
                self.len += 1;
                Ok(true)
            }
        }
    }

    /// Inserts at a known position (from a failed search), for parallel arrays.
    pub(crate) fn insert_at(&mut self, i: usize, a: A) -> Result<(), Full> {
        if self.len == S {
            return Err(Full);
        }
        self.items.copy_within(i..self.len, i + 1);
        self.items[i] = a;
        self.len += 1;
        Ok(())
    }

    /// Where `a` is or would go.
    pub(crate) fn search(&self, a: &A) -> Result<usize, usize> {
        self.as_slice().binary_search(a)
    }

    /// Removes `a`; whether it was there.
    pub fn remove(&mut self, a: &A) -> bool {
        match self.position(a) {
            Some(i) => {
                self.remove_at(i);
                true
            }
            None => false,
        }
    }

    pub(crate) fn remove_at(&mut self, i: usize) {
        self.items.copy_within(i + 1..self.len, i);
        self.len -= 1;
    }

    /// Empties the set.
    pub fn clear(&mut self) {
        self.len = 0;
    }

    /// Keeps only the addresses for which `f` is true.
    pub fn retain(&mut self, mut f: impl FnMut(&A) -> bool) {
        let mut w = 0;
        for r in 0..self.len {
            if f(&self.items[r]) {
                self.items[w] = self.items[r];
                w += 1;
            }
        }
        self.len = w;
    }

    /// Adds every address of `o`; on `Err(Full)` the set is unchanged.
    pub fn union_with(&mut self, o: &Self) -> Result<(), Full> {
        let mut out = *self;
        for a in o.iter() {
            out.insert(a)?;
        }
        *self = out;
        Ok(())
    }

    /// The addresses in both.
    pub fn intersection(&self, o: &Self) -> Self {
        let mut out = *self;
        out.retain(|a| o.contains(a));
        out
    }

    /// The addresses of `self` not in `o`.
    pub fn difference(&self, o: &Self) -> Self {
        let mut out = *self;
        out.retain(|a| !o.contains(a));
        out
    }
}

impl<A: Family, const S: usize> PartialEq for SourceSet<A, S> {
    fn eq(&self, o: &Self) -> bool {
        self.as_slice() == o.as_slice()
    }
}

impl<A: Family, const S: usize> Eq for SourceSet<A, S> {}

impl<A: Family, const S: usize> fmt::Debug for SourceSet<A, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

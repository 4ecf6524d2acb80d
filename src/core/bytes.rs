//! Binary payload bytes wherever they live: in wasm memory (`Vec<u8>`), or — for large received messages —
//! still in the browser, behind `ByteSource`, read on demand so that receiving never copies them. Pure.

use std::borrow::Cow;
use std::fmt;
use std::rc::Rc;

/// Somewhere bytes can be read from.
pub trait ByteSource {
    /// How many bytes there are.
    fn len(&self) -> usize;
    /// Whether there are none.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Bytes `start..end` (within bounds).
    fn read(&self, start: usize, end: usize) -> Cow<'_, [u8]>;
}

impl ByteSource for Vec<u8> {
    fn len(&self) -> usize {
        Vec::len(self)
    }

    fn read(&self, start: usize, end: usize) -> Cow<'_, [u8]> {
        Cow::Borrowed(&self[start..end])
    }
}

/// A binary payload's bytes: cheap to clone, read as a whole or in part.
#[derive(Clone)]
pub struct Bytes(Rc<dyn ByteSource>);

impl Bytes {
    /// Bytes kept by `source`.
    pub fn new(source: impl ByteSource + 'static) -> Bytes {
        Bytes(Rc::new(source))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bytes `start..end`, clamped to the payload.
    pub fn read(&self, start: usize, end: usize) -> Cow<'_, [u8]> {
        let end = end.min(self.len());
        self.0.read(start.min(end), end)
    }

    /// The first `n` bytes (fewer if shorter).
    pub fn head(&self, n: usize) -> Cow<'_, [u8]> {
        self.read(0, n)
    }

    /// All the bytes.
    pub fn all(&self) -> Cow<'_, [u8]> {
        self.read(0, self.len())
    }
}

impl From<Vec<u8>> for Bytes {
    fn from(v: Vec<u8>) -> Bytes {
        Bytes::new(v)
    }
}

impl PartialEq for Bytes {
    fn eq(&self, other: &Bytes) -> bool {
        Rc::ptr_eq(&self.0, &other.0) || (self.len() == other.len() && self.all() == other.all())
    }
}

impl Eq for Bytes {}

impl fmt::Debug for Bytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Bytes({} bytes: {:02x?})", self.len(), &self.head(16)[..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A source that owns its bytes but is not a `Vec` (as the browser's is not).
    struct Elsewhere(Vec<u8>);

    impl ByteSource for Elsewhere {
        fn len(&self) -> usize {
            self.0.len()
        }

        fn read(&self, start: usize, end: usize) -> Cow<'_, [u8]> {
            Cow::Owned(self.0[start..end].to_vec())
        }
    }

    #[test]
    fn reads_are_clamped_and_equality_is_by_content() {
        let b = Bytes::from(vec![1, 2, 3, 4]);
        assert_eq!(&b.head(2)[..], &[1, 2]);
        assert_eq!(&b.head(10)[..], &[1, 2, 3, 4]);
        assert_eq!(&b.read(3, 99)[..], &[4]);
        assert!(b.read(9, 12).is_empty());
        let e = Bytes::new(Elsewhere(vec![1, 2, 3, 4]));
        assert_eq!(b, e);
        assert_ne!(b, Bytes::from(vec![1, 2, 3]));
        assert_eq!(format!("{e:?}"), "Bytes(4 bytes: [01, 02, 03, 04])");
    }
}

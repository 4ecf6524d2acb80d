//! Text folded for case-insensitive search: each character to its simple lower case (`É` → `é`, `Σ` →
//! `σ`), and the final sigma `ς` to `σ` too, so that a word typed either way finds the other. Core's
//! `str::to_lowercase` does nearly this with an 11.7 KB table of pairs, its final-sigma rule and their
//! code (~6 KB of the download gzipped); the same mappings are 185 runs here. An exhaustive test checks
//! every character against core's `char::to_lowercase`. Pure.

/// Runs of characters that lower-case by the same offset: (first character << 8 | count << 1 | 1 when
/// they are every other character, offset). Characters below U+0080 are ASCII's own rule. Made from
/// core's `char::to_lowercase` (Unicode 16); `every_character_folds_as_core_lowercases_it` checks them.
#[rustfmt::skip]
const RUNS: [(u32, i32); 185] = [
    (0xc02e, 32), (0xd80e, 32), (0x10031, 1), (0x13002, -199), (0x13207, 1), (0x13911, 1), (0x14a2f, 1),
    (0x17802, -121), (0x17907, 1), (0x18102, 210), (0x18205, 1), (0x18602, 206), (0x18702, 1),
    (0x18904, 205), (0x18b02, 1), (0x18e02, 79), (0x18f02, 202), (0x19002, 203), (0x19102, 1),
    (0x19302, 205), (0x19402, 207), (0x19602, 211), (0x19702, 209), (0x19802, 1), (0x19c02, 211),
    (0x19d02, 213), (0x19f02, 214), (0x1a007, 1), (0x1a602, 218), (0x1a702, 1), (0x1a902, 218), (0x1ac02, 1),
    (0x1ae02, 218), (0x1af02, 1), (0x1b104, 217), (0x1b305, 1), (0x1b702, 219), (0x1b802, 1), (0x1bc02, 1),
    (0x1c402, 2), (0x1c502, 1), (0x1c702, 2), (0x1c802, 1), (0x1ca02, 2), (0x1cb13, 1), (0x1de13, 1),
    (0x1f102, 2), (0x1f205, 1), (0x1f602, -97), (0x1f702, -56), (0x1f829, 1), (0x22002, -130), (0x22213, 1),
    (0x23a02, 10795), (0x23b02, 1), (0x23d02, -163), (0x23e02, 10792), (0x24102, 1), (0x24302, -195),
    (0x24402, 69), (0x24502, 71), (0x2460b, 1), (0x37005, 1), (0x37602, 1), (0x37f02, 116), (0x38602, 38),
    (0x38806, 37), (0x38c02, 64), (0x38e04, 63), (0x39122, 32), (0x3a312, 32), (0x3cf02, 8), (0x3d819, 1),
    (0x3f402, -60), (0x3f702, 1), (0x3f902, -7), (0x3fa02, 1), (0x3fd06, -130), (0x40020, 80), (0x41040, 32),
    (0x46023, 1), (0x48a37, 1), (0x4c002, 15), (0x4c10f, 1), (0x4d061, 1), (0x5314c, 48), (0x10a04c, 7264),
    (0x10c702, 7264), (0x10cd02, 7264), (0x13a0a0, 38864), (0x13f00c, 8), (0x1c8902, 1), (0x1c9056, -3008),
    (0x1cbd06, -3008), (0x1e0097, 1), (0x1e9e02, -7615), (0x1ea061, 1), (0x1f0810, -8), (0x1f180c, -8),
    (0x1f2810, -8), (0x1f3810, -8), (0x1f480c, -8), (0x1f5909, -8), (0x1f6810, -8), (0x1f8810, -8),
    (0x1f9810, -8), (0x1fa810, -8), (0x1fb804, -8), (0x1fba04, -74), (0x1fbc02, -9), (0x1fc808, -86),
    (0x1fcc02, -9), (0x1fd804, -8), (0x1fda04, -100), (0x1fe804, -8), (0x1fea04, -112), (0x1fec02, -7),
    (0x1ff804, -128), (0x1ffa04, -126), (0x1ffc02, -9), (0x212602, -7517), (0x212a02, -8383),
    (0x212b02, -8262), (0x213202, 28), (0x216020, 16), (0x218302, 1), (0x24b634, 26), (0x2c0060, 48),
    (0x2c6002, 1), (0x2c6202, -10743), (0x2c6302, -3814), (0x2c6402, -10727), (0x2c6707, 1),
    (0x2c6d02, -10780), (0x2c6e02, -10749), (0x2c6f02, -10783), (0x2c7002, -10782), (0x2c7202, 1),
    (0x2c7502, 1), (0x2c7e04, -10815), (0x2c8065, 1), (0x2ceb05, 1), (0x2cf202, 1), (0xa6402f, 1),
    (0xa6801d, 1), (0xa7220f, 1), (0xa7323f, 1), (0xa77905, 1), (0xa77d02, -35332), (0xa77e0b, 1),
    (0xa78b02, 1), (0xa78d02, -42280), (0xa79005, 1), (0xa79615, 1), (0xa7aa02, -42308), (0xa7ab02, -42319),
    (0xa7ac02, -42315), (0xa7ad02, -42305), (0xa7ae02, -42308), (0xa7b002, -42258), (0xa7b102, -42282),
    (0xa7b202, -42261), (0xa7b302, 928), (0xa7b411, 1), (0xa7c402, -48), (0xa7c502, -42307),
    (0xa7c602, -35384), (0xa7c705, 1), (0xa7cb02, -42343), (0xa7cc11, 1), (0xa7dc02, -42561), (0xa7f502, 1),
    (0xff2134, 32), (0x1040050, 40), (0x104b048, 40), (0x1057016, 39), (0x1057c1e, 39), (0x1058c0e, 39),
    (0x1059404, 39), (0x10c8066, 64), (0x10d502c, 32), (0x118a040, 32), (0x16e4040, 32), (0x16ea032, 27),
    (0x1e90044, 34),
];

/// `c` folded: its lower case when it is one character (`İ` has two in core's: `i` here), `ς` as `σ`.
pub fn fold_char(c: char) -> char {
    let u = u32::from(c);
    if u < 0x80 {
        return c.to_ascii_lowercase();
    }
    if c == 'ς' {
        return 'σ';
    }
    let i = RUNS.partition_point(|&(run, _)| run >> 8 <= u);
    let Some(&(run, offset)) = i.checked_sub(1).map(|i| &RUNS[i]) else { return c };
    let (start, count, step) = (run >> 8, (run >> 1) & 0x7f, 1 + (run & 1));
    if (u - start) % step == 0 && (u - start) / step < count {
        char::from_u32(u.wrapping_add_signed(offset)).unwrap_or(c)
    } else {
        c
    }
}

/// `text` folded character by character (see [`fold_char`]).
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    text.chars().map(fold_char).collect()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn every_character_folds_as_core_lowercases_it() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let mut lower = c.to_lowercase();
            let want = match (c, lower.next(), lower.next()) {
                ('ς', _, _) => 'σ',
                (_, Some(l), None) => l,
                (_, Some(l), Some(_)) => l, // U+0130 İ: i and a combining dot
                (_, None, _) => unreachable!(),
            };
            assert_eq!(fold_char(c), want, "U+{:04X}", u32::from(c));
        }
    }

    #[test]
    fn words_fold_whatever_their_case() {
        assert_eq!(fold("Ünïcode ÉCOLE"), "ünïcode école");
        assert_eq!(fold("ΟΔΟΣ"), fold("οδος"));
        assert_eq!(fold("İstanbul"), "istanbul");
        assert_eq!(fold("ПРИВЕТ мир"), "привет мир");
        assert_eq!(fold("MiXeD ascii"), "mixed ascii");
    }
}

//! Heapsort: in place, O(n log n) whatever the input (so a crafted body cannot make it slow),
//! and a fraction of the standard sorts' size in the wasm. Not stable; callers that care about
//! order make the comparison total.

/// Sorts `items` so that no item is `less` than the one before it.
pub(crate) fn heapsort_by<T>(items: &mut [T], less: impl Fn(&T, &T) -> bool) {
    let len = items.len();
    for root in (0..len / 2).rev() {
        sift_down(items, root, len, &less);
    }
    for end in (1..len).rev() {
        items.swap(0, end);
        sift_down(items, 0, end, &less);
    }
}

fn sift_down<T>(items: &mut [T], mut root: usize, end: usize, less: &impl Fn(&T, &T) -> bool) {
    loop {
        let mut child = 2 * root + 1;
        if child >= end {
            return;
        }
        if child + 1 < end && less(&items[child], &items[child + 1]) {
            child += 1;
        }
        if !less(&items[root], &items[child]) {
            return;
        }
        items.swap(root, child);
        root = child;
    }
}

#[cfg(test)]
mod tests {
    use super::heapsort_by;
    use crate::prelude::*;

    #[test]
    fn sorts_any_permutation() {
        let mut state = 7u64;
        for len in [0, 1, 2, 3, 10, 257] {
            let mut items: Vec<u64> = (0..len)
                .map(|_| {
                    state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                    state >> 40
                })
                .collect();
            let mut expected = items.clone();
            expected.sort_unstable();
            heapsort_by(&mut items, |a, b| a < b);
            assert_eq!(items, expected);
        }
    }
}

//! Positions from the diagram representations (relative to the parent, as
//! startleft and IriusRisk write them), else left to the layered layout.

use super::*;

impl Reader {
    /// Absolute rects from the source's relative ones; boxes grown to hold
    /// their members. Elements without a position keep a zero rect (the layout's).
    pub(super) fn positions(&mut self) {
        let n = self.elements.len();
        let mut abs: Vec<Option<Rect>> = vec![None; n];
        for (i, slot) in abs.iter_mut().enumerate() {
            let mut chain = vec![i];
            let mut cur = i;
            while let Some(&p) = self.parent_of.get(&cur) {
                if chain.contains(&p) || chain.len() > 256 {
                    break;
                }
                chain.push(p);
                cur = p;
            }
            let Some(mut r) = self.relative.get(&i).copied() else {
                continue;
            };
            for &p in chain.iter().skip(1) {
                let same = self.elements[p].diagram_id == self.elements[i].diagram_id;
                match self.relative.get(&p) {
                    Some(pr) if same => {
                        r.x += pr.x;
                        r.y += pr.y;
                    }
                    _ => break,
                }
            }
            *slot = Some(r);
        }
        // Grow boxes, deepest first, to hold their placed members.
        let depth = |i: usize| {
            let mut d = 0;
            let mut cur = i;
            while let Some(&p) = self.parent_of.get(&cur) {
                d += 1;
                cur = p;
                if d > 256 {
                    break;
                }
            }
            d
        };
        let mut order: Vec<usize> = (0..n)
            .filter(|&i| self.elements[i].is_box_boundary())
            .collect();
        order.sort_by_key(|&i| std::cmp::Reverse(depth(i)));
        let mut grown = 0;
        for b in order {
            let Some(mut br) = abs[b] else { continue };
            let mut changed = false;
            for (&m, &p) in &self.parent_of {
                if p != b || self.elements[m].diagram_id != self.elements[b].diagram_id {
                    continue;
                }
                let Some(mr) = abs[m] else { continue };
                let holds = mr.x >= br.x
                    && mr.y >= br.y
                    && mr.x + mr.width <= br.x + br.width
                    && mr.y + mr.height <= br.y + br.height;
                if holds {
                    continue;
                }
                let (x0, y0) = (br.x.min(mr.x - 20.0), br.y.min(mr.y - 40.0));
                let (x1, y1) = (
                    (br.x + br.width).max(mr.x + mr.width + 20.0),
                    (br.y + br.height).max(mr.y + mr.height + 20.0),
                );
                if x0 < br.x || y0 < br.y || x1 > br.x + br.width || y1 > br.y + br.height {
                    br = Rect::new(x0, y0, x1 - x0, y1 - y0);
                    changed = true;
                }
            }
            if changed {
                abs[b] = Some(br);
                grown += 1;
            }
        }
        if grown > 0 {
            self.report.defaulted(format!(
                "{grown} trust zones' boxes grown to hold their components (the file drew them outside)"
            ));
        }
        for (i, r) in abs.into_iter().enumerate() {
            if let Some(r) = r {
                if self.elements[i].points.is_empty() {
                    self.elements[i].rect = r;
                }
            }
        }
    }
}

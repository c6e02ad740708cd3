//! Tables: column widths by their text, room to write or sign by hand,
//! and header rows that repeat on each page.

use super::*;

/// The most rows a table may have and still be kept on one page.
pub(super) const SHORT_TABLE_ROWS: usize = 8;

pub(super) struct TableCtx {
    pub(super) alignments: Vec<Alignment>,
    pub(super) rows: Vec<ooxml::Row>,
    pub(super) cells: Vec<Vec<Para>>,
    pub(super) in_head: bool,
    /// Characters in the cell being built, and the most in any cell of
    /// each column: columns get widths in proportion.
    pub(super) cell_chars: usize,
    pub(super) col_chars: Vec<usize>,
    /// Whether any body cell of each column has text: a column left empty
    /// (a signature or a date to write by hand) needs room.
    pub(super) col_filled: Vec<bool>,
    /// Characters in the row being built: an empty header row (`| | |`,
    /// used for a two-column form) is left out.
    pub(super) row_chars: usize,
    /// Whether a header row with text was kept (it repeats on each page).
    pub(super) has_head: bool,
    /// The column headed "Signature", if any: its rows get room to sign.
    pub(super) signature_col: Option<usize>,
}

/// Column widths for a table: in proportion to the longest text in each
/// column, with a floor so a column of tick boxes stays readable and a cap
/// so one long answer does not squeeze the rest.
pub(super) fn column_widths(col_chars: &[usize], col_filled: &[bool], cols: usize) -> Vec<usize> {
    let weights: Vec<usize> = (0..cols)
        .map(|c| {
            let chars = col_chars.get(c).copied().unwrap_or(0);
            if col_filled.get(c).copied().unwrap_or(false) {
                chars.clamp(12, 50)
            } else {
                // Nothing but a heading: a space to write in by hand.
                chars.max(18)
            }
        })
        .collect();
    let total: usize = weights.iter().sum();
    let mut widths: Vec<usize> = weights.iter().map(|w| TEXT_WIDTH * w / total).collect();
    // Give any rounding remainder to the widest column.
    let rest = TEXT_WIDTH - widths.iter().sum::<usize>();
    if let Some(i) = (0..cols).max_by_key(|i| widths[*i]) {
        widths[i] += rest;
    }
    widths
}

/// Makes column `col` at least `min` wide, taking the width from the
/// widest of the other columns in turn, so the table keeps its width.
fn widen(widths: &mut [usize], col: usize, min: usize) {
    while widths[col] < min {
        let Some(from) = (0..widths.len())
            .filter(|i| *i != col)
            .max_by_key(|i| widths[*i])
        else {
            return;
        };
        // Never leave a column narrower than 1.5 cm.
        let spare = widths[from].saturating_sub(851);
        let take = spare.min(min - widths[col]).min(widths[from] / 4 + 1);
        if take == 0 {
            return;
        }
        widths[from] -= take;
        widths[col] += take;
    }
}

impl Builder {
    pub(super) fn start_table(&mut self, alignments: Vec<Alignment>) {
        self.table = Some(TableCtx {
            alignments,
            rows: Vec::new(),
            cells: Vec::new(),
            in_head: false,
            cell_chars: 0,
            col_chars: Vec::new(),
            col_filled: Vec::new(),
            row_chars: 0,
            has_head: false,
            signature_col: None,
        });
    }

    pub(super) fn start_table_head(&mut self) {
        if let Some(t) = self.table.as_mut() {
            t.in_head = true;
        }
    }

    pub(super) fn start_cell(&mut self) {
        if let Some(t) = self.table.as_mut() {
            t.cells.push(Vec::new());
        }
    }

    pub(super) fn end_cell(&mut self) {
        let signature = self.para_text.trim() == "Signature";
        if let Some(t) = self.table.as_mut() {
            let col = t.cells.len().saturating_sub(1);
            if t.in_head && signature {
                t.signature_col = Some(col);
            }
            if t.col_chars.len() <= col {
                t.col_chars.resize(col + 1, 0);
            }
            t.col_chars[col] = t.col_chars[col].max(t.cell_chars);
            if t.col_filled.len() <= col {
                t.col_filled.resize(col + 1, false);
            }
            if !t.in_head && t.cell_chars > 0 {
                t.col_filled[col] = true;
            }
            t.cell_chars = 0;
        }
        // A cell must hold at least one paragraph.
        if self.para.is_none() {
            self.open_paragraph();
        }
        // The rows of a table of signatures keep together on one page (in
        // Word, "keep with next" on every row does that): a signer should
        // not find the table split from the names above it (review R30).
        // Any table's heading row keeps with its first row.
        if self
            .table
            .as_ref()
            .is_some_and(|t| t.in_head || t.signature_col.is_some())
        {
            if let Some(p) = self.para.as_mut() {
                p.ppr.keep_next = true;
            }
        }
        let align = self.table.as_ref().and_then(|t| {
            let col = t.cells.len().saturating_sub(1);
            t.alignments.get(col).copied()
        });
        if let Some(a) = align {
            let a = match a {
                Alignment::Center => Some("center"),
                Alignment::Right => Some("right"),
                _ => None,
            };
            if let (Some(a), Some(p)) = (a, self.para.as_mut()) {
                p.ppr.align = Some(a);
            }
        }
        self.close_paragraph();
    }

    pub(super) fn end_row(&mut self) {
        if let Some(t) = self.table.as_mut() {
            let cells = std::mem::take(&mut t.cells);
            let empty_head = t.in_head && t.row_chars == 0;
            t.row_chars = 0;
            if empty_head {
                t.in_head = false;
                return;
            }
            if t.in_head {
                t.has_head = true;
            }
            let mut row = ooxml::Row {
                cells,
                ..ooxml::Row::default()
            };
            if t.signature_col.is_some() && !t.in_head {
                // Room to sign: at least 1.5 cm high (review R5).
                row.height = Some(SIGNATURE_HEIGHT as u32);
            } else if self.form && !t.in_head {
                // Room to write by hand.
                row.height = Some(560);
            }
            // The header row repeats at the top of each page.
            row.header = t.in_head;
            t.rows.push(row);
            t.in_head = false;
        }
    }

    pub(super) fn end_table(&mut self) {
        if let Some(mut t) = self.table.take() {
            let cols = t.alignments.len().max(1);
            // A column left empty under its heading (an agreed date,
            // a tick to give) is for writing in by hand: its rows get
            // the room a form's rows have.
            let by_hand = t.has_head
                && !self.form
                && t.signature_col.is_none()
                && (0..cols).any(|c| !t.col_filled.get(c).copied().unwrap_or(false));
            if by_hand {
                for r in t.rows.iter_mut().skip(1) {
                    r.height = Some(560);
                }
            }
            // A short table stays on one page (documents review C11, R15:
            // a table split one row to three): every row but the last
            // keeps with the next, as a heading row already does. A long
            // table may break, its heading row repeated.
            if t.rows.len() <= SHORT_TABLE_ROWS {
                let last = t.rows.len().saturating_sub(1);
                for row in t.rows.iter_mut().take(last) {
                    for p in row.cells.iter_mut().flatten() {
                        p.ppr.keep_next = true;
                    }
                }
            }
            let mut widths = column_widths(&t.col_chars, &t.col_filled, cols);
            if let Some(c) = t.signature_col.filter(|c| *c < cols) {
                widen(&mut widths, c, SIGNATURE_WIDTH);
            }
            self.blocks.push(Block::Table(ooxml::Table {
                widths,
                rows: t.rows,
            }));
            self.blocks.push(Block::Para(Para::default()));
        }
    }
}

/// Marks the first row of each table that has a header as a header row
/// (`w:tblHeader`), so Word repeats it at the top of each page. docx-rs has
/// no builder for it; every row already has `<w:trPr>` (rows never split).
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_share_the_width_by_their_text_and_hand_written_columns_get_room() {
        // Name (long text), a tick column, and an empty signature column.
        let w = column_widths(&[40, 3, 9], &[true, true, false], 3);
        assert_eq!(w.iter().sum::<usize>(), TEXT_WIDTH);
        assert!(w[0] > w[2] && w[2] > w[1], "{w:?}");
        // Weights 40, 12 (the floor for a tick column) and 18 (the room for
        // a signature) out of 70.
        assert_eq!(w[1], TEXT_WIDTH * 12 / 70);
        assert_eq!(w[2], TEXT_WIDTH * 18 / 70);
        // Equal text, equal widths.
        let w = column_widths(&[20, 20], &[true, true], 2);
        assert_eq!(w[0], w[1]);
    }
}

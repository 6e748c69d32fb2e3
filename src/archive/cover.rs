//! Reading a cover sheet back: its lines of text, its label and value rows, and its
//! tables found by their header texts.

use std::collections::BTreeMap;

use crate::diag::CellRef;
use crate::read::{Sheet, Value};

/// A label and value row of a cover (`名单指纹 | 1DF6 67C5 …`).
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    pub label: String,
    pub value: String,
    /// The value's cell.
    pub at: CellRef,
}

/// One row of a table on a cover: its texts by the header they stand under.
#[derive(Debug, Clone, PartialEq)]
pub struct GridRow {
    pub row: u32,
    pub cells: BTreeMap<String, (CellRef, String)>,
}

impl GridRow {
    pub fn text(&self, header: &str) -> Option<&str> {
        self.cells.get(header).map(|(_, t)| t.as_str())
    }

    /// Returns the cell under a header, or the row's first cell.
    pub fn cell(&self, header: &str) -> CellRef {
        self.cells
            .get(header)
            .map(|(c, _)| *c)
            .unwrap_or(CellRef::new(self.row, 0))
    }

    /// Reads a whole number under a header.
    pub fn number(&self, header: &str) -> Option<usize> {
        let text = self.text(header)?.trim();
        let value: f64 = text.parse().ok()?;
        (value.fract() == 0.0 && value >= 0.0).then_some(value as usize)
    }
}

/// A cover sheet read back.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cover {
    pub sheet: String,
    /// Every non-empty row's cells as (column, text), by row.
    pub rows: BTreeMap<u32, Vec<(u32, String)>>,
}

impl Cover {
    pub fn read(sheet: &Sheet) -> Cover {
        let mut rows: BTreeMap<u32, Vec<(u32, String)>> = BTreeMap::new();
        for cell in sheet.cells.iter().filter(|c| !c.value.is_blank()) {
            rows.entry(cell.at.row)
                .or_default()
                .push((cell.at.col, cell_text(&cell.value)));
        }
        Cover {
            sheet: sheet.name.clone(),
            rows,
        }
    }

    /// Returns the rows with one text only (titles, labels, notes), in order.
    pub fn lines(&self) -> Vec<(CellRef, &str)> {
        self.rows
            .iter()
            .filter(|(_, cells)| cells.len() == 1)
            .map(|(&row, cells)| (CellRef::new(row, cells[0].0), cells[0].1.as_str()))
            .collect()
    }

    /// Returns the rows of two texts starting in the first column: a label and its value.
    pub fn facts(&self) -> Vec<Fact> {
        self.rows
            .iter()
            .filter(|(_, cells)| cells.len() == 2 && cells[0].0 == 0)
            .map(|(&row, cells)| Fact {
                label: cells[0].1.trim().to_string(),
                value: cells[1].1.trim().to_string(),
                at: CellRef::new(row, cells[1].0),
            })
            .collect()
    }

    /// Finds the first fact with this label.
    pub fn fact(&self, label: &str) -> Option<Fact> {
        self.facts().into_iter().find(|f| f.label == label)
    }

    /// Reads the table whose header row contains all of `headers`: its rows down to the
    /// first gap, the 合计 row or a line of text. `None` when no row has those headers.
    pub fn table(&self, headers: &[&str]) -> Option<Vec<GridRow>> {
        let (&header_row, header_cells) = self.rows.iter().find(|(_, cells)| {
            headers
                .iter()
                .all(|h| cells.iter().any(|(_, t)| t.trim() == *h))
        })?;
        let columns: Vec<(u32, String)> = header_cells
            .iter()
            .map(|(col, text)| (*col, text.trim().to_string()))
            .collect();
        let mut table = Vec::new();
        let following = self.rows.range(header_row + 1..);
        for (expected, (&row, cells)) in (header_row + 1..).zip(following) {
            let first = cells.first().map(|(_, t)| t.trim()).unwrap_or_default();
            // A gap, the totals row or a line of text across the sheet ends the table.
            let is_line = cells.len() == 1 && columns.len() > 2;
            if row != expected || first == crate::messages::labels::TOTAL || is_line {
                break;
            }
            let cells = cells
                .iter()
                .filter_map(|(col, text)| {
                    let header = columns.iter().find(|(c, _)| c == col)?;
                    Some((header.1.clone(), (CellRef::new(row, *col), text.clone())))
                })
                .collect();
            table.push(GridRow { row, cells });
        }
        Some(table)
    }
}

/// Returns the text of a cell as the clerk sees it.
pub fn cell_text(value: &Value) -> String {
    match value {
        Value::Number(n) => crate::read::grid::format_number(*n),
        other => other.display(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::Cell;

    fn sheet(cells: &[(u32, u32, &str)]) -> Sheet {
        let mut sheet = Sheet {
            name: "封面".into(),
            ..Default::default()
        };
        for &(row, col, text) in cells {
            sheet.cells.push(Cell {
                at: CellRef::new(row, col),
                value: Value::Text(text.into()),
            });
        }
        sheet.finish();
        sheet
    }

    #[test]
    fn facts_and_table_read_back() {
        let cover = Cover::read(&sheet(&[
            (0, 0, "标题"),
            (1, 0, "学校"),
            (1, 2, "示例中学"),
            (3, 0, "班级"),
            (3, 2, "人数"),
            (4, 0, "七(1)班"),
            (4, 2, "44"),
            (5, 0, "七(2)班"),
            (5, 2, "45"),
            (6, 0, "合计"),
            (6, 2, "89"),
        ]));
        assert_eq!(cover.fact("学校").map(|f| f.value), Some("示例中学".into()));
        let table = cover.table(&["班级", "人数"]).unwrap();
        assert_eq!(table.len(), 2);
        assert_eq!(table[1].text("班级"), Some("七(2)班"));
        assert_eq!(table[1].number("人数"), Some(45));
        assert_eq!(table[1].cell("人数"), CellRef::new(5, 2));
        assert_eq!(cover.lines()[0].1, "标题");
    }
}

//! Deterministic pagination, so every printed page can say 第 x 页 共 y 页 truthfully.
//!
//! Excel's `&N` counts the pages of the whole print job, and LibreOffice counts the pages
//! of all sheets when a workbook is printed at once, so `&N` on a workbook with one sheet
//! per class or group gives a wrong total. Instead the tool decides where every page ends:
//! every row gets an explicit height, the sheet is printed at a fixed scale (never "fit to
//! page", which makes Excel ignore manual breaks), and a manual page break is placed before
//! the first row that would not fit. The number of pages is then known when the sheet is
//! written. The page footer prints `&P` for the page number and the total as literal text,
//! and each sheet restarts its numbering at 1 (`set_print_first_page_number(1)`), so the
//! numbers are the same whether one sheet or the whole workbook is printed. Checked by
//! printing 分组名单.xlsx of the example roster to PDF with LibreOffice 7.4: 92 pages, each
//! group's two pages read 第 1 页 共 2 页 and 第 2 页 共 2 页. Not checked in Excel.

use rust_xlsxwriter::{RowNum, Worksheet, XlsxError};

use super::book::{self, Orientation};

/// The share of the printable height a page is filled to. Printers and Excel versions round
/// row heights differently, so a page ends before the last few points.
const FILL: f64 = 0.92;

/// Chooses the print scale in percent: 100 when the columns fit across the page, else the
/// largest whole percentage at which they do.
pub fn fit_scale(widths: &[f64], orientation: Orientation) -> u16 {
    let used = book::columns_pixels(widths);
    let room = orientation.layout_pixels();
    if used <= room {
        return 100;
    }
    ((room / used * 100.0).floor() as u16).clamp(10, 100)
}

/// Places rows of known heights on pages and records the manual page breaks.
#[derive(Debug, Clone)]
pub struct Paginator {
    /// The usable height of a page, in points of the unscaled sheet.
    capacity: f64,
    /// The height of the rows repeated at the top of every page after the first.
    repeat: f64,
    used: f64,
    breaks: Vec<RowNum>,
}

impl Paginator {
    pub fn new(orientation: Orientation, scale: u16) -> Paginator {
        let scale = f64::from(scale.max(10)) / 100.0;
        Paginator {
            capacity: orientation.printable_points() / scale * FILL,
            repeat: 0.0,
            used: 0.0,
            breaks: Vec::new(),
        }
    }

    /// Sets the height of the rows repeated on every following page (a table's header).
    pub fn repeat_height(&mut self, height: f64) {
        self.repeat = height;
    }

    /// Places one row, starting a new page before it when it does not fit.
    pub fn row(&mut self, row: RowNum, height: f64) {
        self.block(row, &[height]);
    }

    /// Places rows that must stay on one page, such as a signature block, starting a new page
    /// before them when they do not fit. A block taller than a page starts a page and runs on.
    pub fn block(&mut self, first: RowNum, heights: &[f64]) {
        let total: f64 = heights.iter().sum();
        if self.used > self.repeat && self.used + total > self.capacity {
            self.new_page(first);
        }
        for (offset, &height) in heights.iter().enumerate() {
            if self.used + height > self.capacity && self.used > self.repeat {
                self.new_page(first + offset as RowNum);
            }
            self.used += height;
        }
    }

    /// Starts a new page at `row` whatever room is left.
    pub fn new_page(&mut self, row: RowNum) {
        if self.breaks.last() != Some(&row) && row > 0 {
            self.breaks.push(row);
            self.used = self.repeat;
        }
    }

    /// The height still free on the current page.
    pub fn room_left(&self) -> f64 {
        self.capacity - self.used
    }

    /// The height free on a new page below the repeated rows.
    pub fn page_room(&self) -> f64 {
        self.capacity - self.repeat
    }

    /// The number of pages the rows placed so far fill.
    pub fn pages(&self) -> u32 {
        self.breaks.len() as u32 + 1
    }

    /// Writes the page breaks to the sheet.
    ///
    /// # Errors
    ///
    /// Fails only for rows beyond Excel's limits.
    pub fn apply(&self, sheet: &mut Worksheet) -> Result<(), XlsxError> {
        if !self.breaks.is_empty() {
            sheet.set_page_breaks(&self.breaks)?;
        }
        Ok(())
    }
}

/// Sets a row's height and places it on the pages.
///
/// # Errors
///
/// Fails only for rows beyond Excel's limits.
pub fn place_row(
    sheet: &mut Worksheet,
    pages: &mut Paginator,
    row: RowNum,
    height: f64,
) -> Result<(), XlsxError> {
    sheet.set_row_height(row, height)?;
    pages.row(row, height);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_break_before_overflow_and_count_pages() {
        let mut pages = Paginator::new(Orientation::Portrait, 100);
        let capacity = pages.capacity;
        pages.row(0, 100.0);
        pages.repeat_height(20.0);
        let per_page = ((capacity - 100.0) / 20.0).floor() as u32;
        for row in 1..=per_page {
            pages.row(row, 20.0);
        }
        assert_eq!(pages.pages(), 1);
        pages.row(per_page + 1, 20.0);
        assert_eq!(pages.pages(), 2);
        assert_eq!(pages.breaks, vec![per_page + 1]);
    }

    #[test]
    fn block_moves_whole_to_next_page() {
        let mut pages = Paginator::new(Orientation::Portrait, 100);
        let capacity = pages.capacity;
        pages.row(0, capacity - 50.0);
        pages.block(1, &[30.0, 30.0]);
        assert_eq!(pages.breaks, vec![1]);
        assert_eq!(pages.pages(), 2);
    }

    #[test]
    fn scale_shrinks_wide_tables_only() {
        assert_eq!(fit_scale(&[10.0, 10.0], Orientation::Portrait), 100);
        let wide = vec![20.0; 8];
        let scale = fit_scale(&wide, Orientation::Portrait);
        assert!(scale < 100);
        let scaled: Vec<f64> = wide.iter().map(|w| w * f64::from(scale) / 100.0).collect();
        assert!(book::columns_pixels(&scaled) <= Orientation::Portrait.layout_pixels() + 40.0);
    }
}

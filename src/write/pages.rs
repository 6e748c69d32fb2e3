//! Deterministic pagination, so every printed page can say 第 x 页 共 y 页 truthfully.
//!
//! Excel's `&N` counts the pages of the whole print job, and LibreOffice counts the pages
//! of all sheets when a workbook is printed at once, so `&N` on a workbook with one sheet
//! per class or group gives a wrong total. Instead the tool decides where every page ends:
//! every row gets an explicit height, the sheet is printed at a fixed scale (never "fit to
//! page", which makes Excel ignore manual breaks), a manual page break is placed before
//! the first row that would not fit, and the print area is set to the rows and columns
//! written (see [`Paginator::apply_with_print_area`]). The number of pages is then known when
//! the sheet is written. The page footer prints `&P` for the page number and the total as
//! literal text, and each sheet sets the number of its first page
//! (`set_print_first_page_number`, saved through [`super::first_page::save`]), so the
//! numbers are the same whether one sheet or the whole workbook is printed: a group list
//! of 分组名单.xlsx starts at 1, and a class sheet of an archive copy continues from the
//! sheets before it. Checked by printing the example workbooks to PDF with LibreOffice 7.4.
//! Not checked in Excel.

use rust_xlsxwriter::{ColNum, RowNum, Worksheet, XlsxError};

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
    /// The last row placed, the bottom of the print area.
    last_row: Option<RowNum>,
    /// The rows placed on the current page and their heights, in order.
    page_rows: Vec<(RowNum, f64)>,
}

impl Paginator {
    pub fn new(orientation: Orientation, scale: u16) -> Paginator {
        let scale = f64::from(scale.max(10)) / 100.0;
        Paginator {
            capacity: orientation.printable_points() / scale * FILL,
            repeat: 0.0,
            used: 0.0,
            breaks: Vec::new(),
            last_row: None,
            page_rows: Vec::new(),
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
            let row = first + offset as RowNum;
            if self.used + height > self.capacity && self.used > self.repeat {
                self.new_page(row);
            }
            self.used += height;
            self.page_rows.push((row, height));
        }
        if let Some(offset) = heights.len().checked_sub(1) {
            let last = first + offset as RowNum;
            self.last_row = Some(self.last_row.map_or(last, |row| row.max(last)));
        }
    }

    /// Places the closing block of a table, such as a signature table, on one page together
    /// with the rows from `lead` on, which are placed already: the last rows of the table and
    /// whatever is between it and the block.
    ///
    /// When the block does not fit on the current page, the page break goes before `lead`,
    /// so the table's heading that is repeated on the new page is printed over rows of its own
    /// table, never over the block alone. `lead` should not be the table's first row, or
    /// its heading stays alone at the bottom of the page before. When no row before `lead`
    /// is on the current page, or the rows and the block do not fit on one page together,
    /// the break goes right before the block.
    pub fn closing_block(&mut self, lead: RowNum, first: RowNum, heights: &[f64]) {
        let total: f64 = heights.iter().sum();
        if self.used + total > self.capacity {
            let carried: Vec<(RowNum, f64)> = self
                .page_rows
                .iter()
                .copied()
                .filter(|&(row, _)| row >= lead)
                .collect();
            let carried_height: f64 = carried.iter().map(|&(_, height)| height).sum();
            let stays = self.page_rows.iter().any(|&(row, _)| row < lead);
            let fits = self.repeat + carried_height + total <= self.capacity;
            if let Some(&(start, _)) = carried.first().filter(|_| stays && fits) {
                self.new_page(start);
                self.used += carried_height;
                self.page_rows = carried;
            }
        }
        self.block(first, heights);
    }

    /// Starts a new page at `row` whatever room is left.
    pub fn new_page(&mut self, row: RowNum) {
        if self.breaks.last() != Some(&row) && row > 0 {
            self.breaks.push(row);
            self.used = self.repeat;
            self.page_rows.clear();
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

    /// Writes the page breaks to the sheet. Prefer [`Paginator::apply_with_print_area`], because
    /// without a print area LibreOffice may print pages that the count does not include.
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

    /// Writes the page breaks, and sets the print area to the rows placed and the columns
    /// from A to `last_col`.
    ///
    /// Without a print area, LibreOffice 7.4 widens the printed range to the right to hold
    /// left-aligned text that runs past the last column, even in a merged cell that shrinks
    /// the text to fit. It prints the extra columns on pages of their own, which hold only the
    /// page header and footer. A class sheet of the posted copy, printed at 100 % with its
    /// seal line shrunk to fit, gets one such page.
    ///
    /// # Errors
    ///
    /// Fails only for rows or columns beyond Excel's limits.
    pub fn apply_with_print_area(
        &self,
        sheet: &mut Worksheet,
        last_col: ColNum,
    ) -> Result<(), XlsxError> {
        self.apply(sheet)?;
        if let Some(last_row) = self.last_row {
            sheet.set_print_area(0, 0, last_row, last_col)?;
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
    fn closing_block_takes_last_table_rows_along() {
        let mut pages = Paginator::new(Orientation::Portrait, 100);
        let capacity = pages.capacity;
        pages.row(0, 100.0);
        pages.repeat_height(20.0);
        let rows = ((capacity - 100.0) / 20.0).floor() as u32;
        for row in 1..=rows {
            pages.row(row, 20.0);
        }
        // Rows 1 to `rows` fill page 1; the block of 200 points cannot follow them.
        pages.closing_block(rows - 1, rows + 1, &[40.0, 80.0, 80.0]);
        assert_eq!(pages.breaks, vec![rows - 1]);
        assert_eq!(pages.pages(), 2);
        assert_eq!(pages.room_left(), capacity - 20.0 - 2.0 * 20.0 - 200.0);
    }

    #[test]
    fn closing_block_that_fits_stays_on_page() {
        let mut pages = Paginator::new(Orientation::Portrait, 100);
        pages.row(0, 100.0);
        pages.repeat_height(20.0);
        for row in 1..=5 {
            pages.row(row, 20.0);
        }
        pages.closing_block(4, 6, &[40.0, 80.0]);
        assert!(pages.breaks.is_empty());
    }

    #[test]
    fn closing_block_breaks_before_itself_when_lead_starts_page() {
        let mut pages = Paginator::new(Orientation::Portrait, 100);
        let capacity = pages.capacity;
        pages.row(0, 20.0);
        pages.repeat_height(20.0);
        pages.row(1, capacity - 30.0);
        pages.row(2, capacity - 30.0);
        // Row 2 starts page 2, so nothing before `lead` is on that page.
        pages.closing_block(2, 3, &[100.0]);
        assert_eq!(pages.breaks, vec![2, 3]);
    }

    #[test]
    fn print_area_ends_at_last_row_placed() {
        let mut pages = Paginator::new(Orientation::Portrait, 100);
        assert_eq!(pages.last_row, None);
        pages.row(0, 30.0);
        pages.row(1, 30.0);
        pages.block(2, &[20.0, 20.0, 40.0]);
        assert_eq!(pages.last_row, Some(4));
        pages.block(5, &[]);
        assert_eq!(pages.last_row, Some(4));
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

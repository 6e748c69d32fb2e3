//! Wording of the reading and table stages: formats, encodings, sheets, headers and rows.

use super::{field_label, quoted};
use crate::diag::Location;
use crate::read::{Format, ReadProblem};
use crate::table::TableProblem;

pub fn format_label(format: Format) -> &'static str {
    match format {
        Format::Xlsx => "xlsx（Excel 2007 及以后）",
        Format::Xls => "xls（Excel 97-2003）",
        Format::Ods => "ods（OpenDocument）",
        Format::Csv => "CSV 文本",
        Format::Html => "网页（HTML）",
    }
}

pub fn read_problem(problem: &ReadProblem) -> String {
    match problem {
        ReadProblem::FormatByContent { actual, extension } => {
            let label = format_label(*actual);
            // A label that starts with a Latin name gets a space before it, as 用 Excel 打开.
            let space = if label.starts_with(|c: char| c.is_ascii_alphabetic()) {
                " "
            } else {
                ""
            };
            format!(
                "文件名后缀是 .{extension}，内容其实是{space}{label}格式，已按内容读取。建议把文件改成正确的后缀。"
            )
        }
        ReadProblem::HiddenSheetSkipped => {
            "这是隐藏的工作表，没有读取。如果学生在这张表里，请在 Excel 或 WPS 中取消隐藏后再运行。".into()
        }
        ReadProblem::CsvEncoding { encoding, bom } => {
            let bom = if *bom { "（带 BOM 标记）" } else { "" };
            let name = if *encoding == "GB18030" { "GBK/GB18030" } else { encoding };
            format!("CSV 文件按 {name} 编码读取{bom}。")
        }
        ReadProblem::WebPageTable => {
            "这个文件其实是网页（HTML）格式的表格，已读取其中的表格。建议用 Excel 或 WPS 打开后另存为 .xlsx。"
                .into()
        }
        ReadProblem::FormulaWithoutValue { formula } => format!(
            "单元格是公式“={formula}”，但文件里没有保存计算结果。请用 Excel 或 WPS 打开这个文件，保存一次后再运行。"
        ),
    }
}

pub fn table_problem(problem: &TableProblem, at: &Location) -> String {
    match problem {
        TableProblem::DuplicateColumn { field, header, used } => format!(
            "“{header}”列也像是{}列，已采用 {} 列。如果应该用这一列，请改一下另一列的表头。",
            field_label(*field),
            used.column_letters()
        ),
        TableProblem::MergedFilled { last, value } => {
            let first = at.cell.map(|c| c.to_string()).unwrap_or_default();
            format!("合并单元格 {first}:{last} 已展开，其中每一行都按{}处理。", quoted(value))
        }
        TableProblem::ExampleRow => "这一行是填表示例，已跳过。".into(),
        TableProblem::FooterRow { text } => format!("表尾行{}已跳过。", quoted(text)),
        TableProblem::StrayBlankCell => {
            "表格以外的远处单元格里有看不见的字符（如全角空格），已忽略。可以在 Excel 中删除它，以免文件变大变慢。"
                .into()
        }
        TableProblem::ValueWithoutHeader { value } => format!(
            "这一列没有表头，其中的{}没有读取。如果这一列有用，请补上表头。",
            quoted(value)
        ),
        TableProblem::SheetWithoutHeader => "这张工作表里没有找到表头，没有读取。".into(),
    }
}

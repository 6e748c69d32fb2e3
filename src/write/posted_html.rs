//! 学校公示.html: the posted copy as one self-contained web page for the school's public
//! account. It loads nothing from the network (its content security policy forbids it),
//! reads well on a phone, has one section per class and a search box that filters by name.
//! It shows only 序号, 姓名, 性别 and 班级 of the students, like the posted workbook.
//!
//! Opening the page with `#q=<name>` in the address fills the search box, which lets a link
//! point at one child's row and lets tests check the filter in a headless browser.

use std::path::Path;

use super::archive::{Copy, DrawResult};
use crate::error::Error;
use crate::messages::{archive as words, labels};

/// Writes the page to `path`, never replacing a file.
///
/// # Errors
///
/// [`Error::Write`] when the file exists or cannot be written.
pub fn write(path: &Path, result: &DrawResult) -> Result<(), Error> {
    super::output::save_bytes(path, page(result).as_bytes())
}

const STYLE: &str = "\
body{font-family:sans-serif;margin:0;padding:0 12px 40px;color:#222;line-height:1.5}\
header{padding:12px 0}h1{font-size:1.3em;margin:.2em 0}h2{font-size:1.1em;margin:1em 0 .3em}\
.label{font-weight:bold}.rerun{color:#c00;font-weight:bold}.facts{font-size:.9em;color:#444}\
.search{position:sticky;top:0;background:#fff;padding:8px 0;border-bottom:1px solid #ddd}\
.search input{width:100%;box-sizing:border-box;font-size:1.1em;padding:8px}\
table{border-collapse:collapse;width:100%;max-width:640px}\
th,td{border:1px solid #bbb;padding:4px 6px;text-align:center}th{background:#eee}\
.hotline{font-weight:bold;margin-top:1em}.note{font-size:.85em;color:#555}\
.fp{font-family:monospace;font-size:.8em;word-break:break-all;color:#555}\
[hidden]{display:none}";

/// Filters rows by the typed name. A masked name (张*涵) matches when each `*` stands for
/// one character of the typed name.
const SCRIPT: &str = r#"
(function(){
  var box=document.getElementById('q');
  var none=document.getElementById('none');
  function fits(name,query){
    if(name.indexOf(query)>=0)return true;
    if(name.indexOf('*')<0||name.length!==query.length)return false;
    for(var i=0;i<name.length;i++){if(name[i]!=='*'&&name[i]!==query[i])return false;}
    return true;
  }
  function apply(){
    var query=box.value.replace(/\s+/g,'');
    var shown=0;
    var sections=document.querySelectorAll('section.class');
    for(var s=0;s<sections.length;s++){
      var rows=sections[s].querySelectorAll('tr.student');
      var inSection=0;
      for(var r=0;r<rows.length;r++){
        var ok=query===''||fits(rows[r].getAttribute('data-name'),query);
        rows[r].hidden=!ok;
        if(ok)inSection++;
      }
      sections[s].hidden=inSection===0;
      shown+=inSection;
    }
    none.hidden=shown>0;
  }
  box.addEventListener('input',apply);
  var hash=location.hash.match(/[#&]q=([^&]*)/);
  if(hash){try{box.value=decodeURIComponent(hash[1]);}catch(e){box.value=hash[1];}}
  apply();
})();
"#;

/// Builds the whole page.
pub fn page(result: &DrawResult) -> String {
    let mut html = String::with_capacity(64 * 1024 + 80 * result.student_count());
    html.push_str("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n");
    html.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    html.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n",
    );
    let title = format!(
        "{} {} {}",
        labels::school_or_blank(&result.info.school),
        words::TITLE,
        result.text.label(Copy::Public)
    );
    html.push_str(&format!("<title>{}</title>\n", escape(&title)));
    html.push_str(&format!("<style>{STYLE}</style>\n</head>\n<body>\n"));
    push_header(&mut html, result);
    for class in &result.classes {
        push_class(&mut html, result, class);
    }
    if let Some(hotlines) = words::hotlines(&result.text.hotlines) {
        let hotlines = escape(&hotlines);
        html.push_str(&format!("<p class=\"hotline\">{hotlines}</p>\n"));
    }
    html.push_str(&format!(
        "<p class=\"fp\">{}：{}</p>\n",
        words::DRAW_FINGERPRINT,
        escape(&result.fingerprint.grouped())
    ));
    html.push_str(&format!("<script>{SCRIPT}</script>\n</body>\n</html>\n"));
    html
}

fn push_header(html: &mut String, result: &DrawResult) {
    let info = &result.info;
    let grade = info.grade.map(|g| g.label()).unwrap_or_default();
    html.push_str("<header>\n");
    html.push_str(&format!(
        "<div class=\"label\">{}</div>\n",
        escape(result.text.label(Copy::Public))
    ));
    html.push_str(&format!(
        "<h1>{} {} {}</h1>\n",
        escape(labels::school_or_blank(&info.school)),
        escape(&grade),
        words::TITLE
    ));
    if let Some((_, line)) = &result.rerun {
        html.push_str(&format!("<p class=\"rerun\">{}</p>\n", escape(line)));
    }
    html.push_str(&format!(
        "<p class=\"facts\">{}：{}　{}：{}</p>\n",
        words::DRAW_DATE,
        escape(&labels::date(result.date)),
        labels::CLASS_COUNT,
        result.classes.len()
    ));
    if let Some(hotlines) = words::hotlines(&result.text.hotlines) {
        let hotlines = escape(&hotlines);
        html.push_str(&format!("<p class=\"hotline\">{hotlines}</p>\n"));
    }
    let note = words::posted_note(&result.text.hotlines);
    html.push_str(&format!("<p class=\"note\">{note}"));
    if result.text.mask_names {
        html.push_str(words::MASK_NOTE);
    }
    html.push_str("</p>\n</header>\n");
    html.push_str(&format!(
        "<div class=\"search\"><input id=\"q\" type=\"search\" placeholder=\"{}\" \
         autocomplete=\"off\"><p id=\"none\" hidden>{}</p></div>\n",
        words::SEARCH_PLACEHOLDER,
        words::SEARCH_NONE
    ));
}

fn push_class(html: &mut String, result: &DrawResult, class: &super::archive::ClassResult) {
    let teacher = class.head_teacher.clone().unwrap_or_default();
    html.push_str(&format!(
        "<section class=\"class\" id=\"class-{}\">\n<h2>{}</h2>\n",
        class.number,
        escape(&class.name)
    ));
    let counts = labels::group_counts(class.students.len(), class.boys(), class.girls());
    html.push_str(&format!(
        "<p class=\"facts\">{}</p>\n",
        escape(&words::class_facts(&teacher, class.group, &counts))
    ));
    html.push_str(&format!(
        "<table>\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
        words::SEQ,
        words::NAME,
        words::GENDER,
        words::CLASS
    ));
    for (index, student) in class.students.iter().enumerate() {
        let name = escape(&result.name_on(Copy::Public, &student.name));
        html.push_str(&format!(
            "<tr class=\"student\" data-name=\"{name}\"><td>{}</td><td>{name}</td><td>{}</td><td>{}</td></tr>\n",
            index + 1,
            labels::gender(student.gender),
            escape(&class.name)
        ));
    }
    html.push_str("</tbody>\n</table>\n</section>\n");
}

/// Escapes text for HTML element content and double-quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_markup_characters() {
        assert_eq!(
            escape("<b>\"A&B\"</b>'"),
            "&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;&#39;"
        );
    }
}

#include "formats/docx_writer.h"

#include <cmath>

#include "common/text.h"
#include "formats/zip_archive.h"

namespace nq::formats {
namespace {

constexpr std::string_view kContentTypes =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
    R"(<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
    R"(<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>)"
    R"(<Default Extension="xml" ContentType="application/xml"/>)"
    R"(<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>)"
    R"(<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>)"
    R"(</Types>)";

constexpr std::string_view kRootRels =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
    R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
    R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>)"
    R"(</Relationships>)";

constexpr std::string_view kDocumentRels =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
    R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
    R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>)"
    R"(</Relationships>)";

// Times New Roman 14 pt (sz is in half-points), Vietnamese language, 1.15 line spacing.
constexpr std::string_view kStyles =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
    R"(<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">)"
    R"(<w:docDefaults><w:rPrDefault><w:rPr>)"
    R"(<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Times New Roman"/>)"
    R"(<w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="vi-VN"/></w:rPr></w:rPrDefault>)"
    R"(<w:pPrDefault><w:pPr><w:spacing w:before="60" w:after="60" w:line="276" w:lineRule="auto"/></w:pPr></w:pPrDefault>)"
    R"(</w:docDefaults>)"
    R"(<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>)"
    R"(<w:pPr><w:jc w:val="both"/><w:ind w:firstLine="567"/></w:pPr></w:style>)"
    R"(<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>)"
    R"(<w:pPr><w:keepNext/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>)"
    R"(<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/>)"
    R"(<w:pPr><w:keepNext/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>)"
    R"(<w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/><w:basedOn w:val="Normal"/>)"
    R"(<w:pPr><w:keepNext/><w:outlineLvl w:val="2"/></w:pPr><w:rPr><w:b/><w:i/></w:rPr></w:style>)"
    R"(<w:style w:type="paragraph" w:styleId="TableText"><w:name w:val="Table Text"/>)"
    R"(<w:pPr><w:spacing w:before="20" w:after="20"/><w:jc w:val="left"/></w:pPr><w:rPr><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr></w:style>)"
    R"(</w:styles>)";

struct RunStyle {
  bool bold = false;
  bool italic = false;
  bool underline = false;
};

std::string Run(std::string_view text, RunStyle style = {}) {
  std::string properties;
  if (style.bold) properties += "<w:b/>";
  if (style.italic) properties += "<w:i/>";
  if (style.underline) properties += R"(<w:u w:val="single"/>)";
  if (!properties.empty()) properties = "<w:rPr>" + properties + "</w:rPr>";
  return fmt::format(R"(<w:r>{}<w:t xml:space="preserve">{}</w:t></w:r>)", properties,
                     XmlEscape(text));
}

// A paragraph; `justification` "center", "left", "right" or "" for the style's own.
std::string Paragraph(std::string_view runs, std::string_view style = "",
                      std::string_view justification = "", bool no_indent = false) {
  std::string properties;
  if (!style.empty()) properties += fmt::format(R"(<w:pStyle w:val="{}"/>)", style);
  if (no_indent) properties += R"(<w:ind w:firstLine="0"/>)";
  if (!justification.empty()) properties += fmt::format(R"(<w:jc w:val="{}"/>)", justification);
  if (!properties.empty()) properties = "<w:pPr>" + properties + "</w:pPr>";
  return fmt::format("<w:p>{}{}</w:p>", properties, runs);
}

std::string Cell(std::string_view content, int width, bool header = false) {
  return fmt::format(R"(<w:tc><w:tcPr><w:tcW w:w="{}" w:type="dxa"/>{}</w:tcPr>{}</w:tc>)", width,
                     header ? R"(<w:shd w:val="clear" w:color="auto" w:fill="E7E6E6"/>)" : "",
                     content);
}

std::string CellText(const ReportCell& cell) {
  if (const auto* text = std::get_if<std::string>(&cell.content)) return *text;
  return FormatNumberVi(std::get<double>(cell.content), cell.decimals);
}

// The usable width of an A4 page with 3 cm / 2 cm margins, in twentieths of a point.
constexpr int kTextWidth = 9355;

std::string Table(const ReportTable& table) {
  const size_t columns = table.header.size();
  // The second column holds the long text; the others share what is left.
  std::vector<int> widths(columns, 0);
  if (columns == 1) {
    widths[0] = kTextWidth;
  } else {
    const int narrow = std::min(1300, kTextWidth / static_cast<int>(columns));
    for (size_t index = 0; index < columns; ++index) widths[index] = narrow;
    widths[0] = 760;
    widths[1] = kTextWidth - 760 - narrow * static_cast<int>(columns - 2);
  }
  std::string xml = R"(<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:tblBorders>)"
                    R"(<w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/>)"
                    R"(<w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/>)"
                    R"(<w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/>)"
                    R"(<w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/>)"
                    R"(<w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/>)"
                    R"(<w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/>)"
                    R"(</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>)";
  for (int width : widths) xml += fmt::format(R"(<w:gridCol w:w="{}"/>)", width);
  xml += R"(</w:tblGrid><w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>)";
  for (size_t index = 0; index < columns; ++index) {
    xml += Cell(Paragraph(Run(table.header[index], {.bold = true}), "TableText", "center"),
                widths[index], true);
  }
  xml += "</w:tr>";
  for (const auto& row : table.rows) {
    xml += R"(<w:tr><w:trPr><w:cantSplit/></w:trPr>)";
    for (size_t index = 0; index < columns; ++index) {
      const ReportCell* cell = index < row.size() ? &row[index] : nullptr;
      const bool number = cell && std::holds_alternative<double>(cell->content);
      xml += Cell(Paragraph(Run(cell ? CellText(*cell) : ""), "TableText", number ? "right" : ""),
                  widths[index]);
    }
    xml += "</w:tr>";
  }
  return xml + "</w:tbl>" + Paragraph("", "", "", true);
}

// The block at the top: the superior and issuing unit on the left, the Party's name and the
// place and date on the right, in a table without borders.
std::string IssuerBlock(const ReportDocument& report) {
  std::string left = Paragraph(Run(report.superior_name), "TableText", "center") +
                     Paragraph(Run(report.issuer_name, {.bold = true}), "TableText", "center") +
                     Paragraph(Run("*"), "TableText", "center") +
                     Paragraph(Run(report.number), "TableText", "center");
  std::string right =
      Paragraph(Run(report.national, {.bold = true, .underline = true}), "TableText", "center") +
      Paragraph("", "TableText") +
      Paragraph(Run(report.place_and_date, {.italic = true}), "TableText", "center");
  return R"(<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:tblBorders>)"
         R"(<w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/><w:right w:val="nil"/>)"
         R"(<w:insideH w:val="nil"/><w:insideV w:val="nil"/></w:tblBorders></w:tblPr>)"
         R"(<w:tblGrid><w:gridCol w:w="4200"/><w:gridCol w:w="5155"/></w:tblGrid><w:tr>)" +
         Cell(left, 4200) + Cell(right, 5155) + "</w:tr></w:tbl>";
}

std::string Body(const ReportDocument& report) {
  std::string body = IssuerBlock(report);
  body += Paragraph("", "", "", true);
  body += Paragraph(Run(report.title, {.bold = true}), "", "center", true);
  body += Paragraph(Run(report.subtitle, {.bold = true}), "", "center", true);
  body += Paragraph(Run("-----"), "", "center", true);
  for (const ReportBlock& block : report.blocks) {
    switch (block.kind) {
      case ReportBlock::Kind::kHeading:
        body += Paragraph(Run(fmt::format("{} {}", block.number, block.text)),
                          fmt::format("Heading{}", block.level));
        break;
      case ReportBlock::Kind::kParagraph:
        body += Paragraph(Run(block.text));
        break;
      case ReportBlock::Kind::kTable:
        body += Table(block.table);
        break;
    }
  }
  return body;
}

}  // namespace

std::string XmlEscape(std::string_view raw) {
  const std::string text = WithoutForbiddenChars(raw);
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string FormatNumberVi(double value, int decimals) {
  std::string plain = fmt::format("{:.{}f}", std::fabs(value), std::max(decimals, 0));
  size_t point = plain.find('.');
  std::string whole = plain.substr(0, point);
  std::string grouped;
  for (size_t index = 0; index < whole.size(); ++index) {
    if (index > 0 && (whole.size() - index) % 3 == 0) grouped += '.';
    grouped += whole[index];
  }
  if (point != std::string::npos) grouped += "," + plain.substr(point + 1);
  const bool negative = value < 0 && grouped.find_first_not_of("0.,") != std::string::npos;
  return negative ? "-" + grouped : grouped;
}

Result<std::string> WriteDocx(const ReportDocument& report) {
  std::string document =
      R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
      R"(<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" )"
      R"(xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>)" +
      Body(report) +
      R"(<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>)"
      R"(<w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1701" w:header="720" w:footer="720" w:gutter="0"/>)"
      R"(</w:sectPr></w:body></w:document>)";
  return WriteZip({{"[Content_Types].xml", std::string(kContentTypes)},
                   {"_rels/.rels", std::string(kRootRels)},
                   {"word/_rels/document.xml.rels", std::string(kDocumentRels)},
                   {"word/document.xml", std::move(document)},
                   {"word/styles.xml", std::string(kStyles)}});
}

}  // namespace nq::formats

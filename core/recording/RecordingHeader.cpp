#include "core/recording/RecordingHeader.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "core/support/JsonFields.h"
#include "core/protocol/Protocol.h"
#include "core/Version.h"

namespace endoverlay {
namespace {

constexpr const char* kSchema = "endoverlay.sidecar/2";
// Recordings made before results per head; their lines are read as ResultJson says.
constexpr const char* kSchemaOne = "endoverlay.sidecar/1";

}  // namespace

void checkProcedureId(const std::string& id) {
  const bool allowed = std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  });
  if (id.empty() || id.size() > 64 || !allowed || id.front() == '.')
    throw std::invalid_argument("a procedure ID is 1 to 64 letters, digits, '-', '_' or '.' (not first)");
}

nlohmann::json headerToJson(const RecordingHeader& header) {
  return {{"schema", kSchema},         {"procedure_id", header.procedureId}, {"started_utc", header.startedUtc},
          {"mode", header.protocolId},     {"mode_name", header.protocolName}, {"video", header.video},
          {"source", header.sourceKind},   {"app_version", kAppVersion}};
}

RecordingHeader headerFromJson(const nlohmann::json& json) {
  const JsonFields fields(json, "");
  if (!fields.has("schema") || (json.at("schema") != kSchema && json.at("schema") != kSchemaOne))
    throw FieldError(std::string("schema: must be ") + kSchema + " or " + kSchemaOne);
  RecordingHeader header;
  header.procedureId = fields.text("procedure_id", 64);
  try {
    checkProcedureId(header.procedureId);
  } catch (const std::invalid_argument& e) {
    fields.fail("procedure_id", e.what());
  }
  const std::string mode = fields.text("mode", 32);
  try {
    header.protocolId = parseProtocolId(mode);
  } catch (const std::invalid_argument& e) {
    fields.fail("mode", e.what());
  }
  // Recordings made before protocols had names say ERCP or EUS, which is what they showed.
  header.protocolName = fields.optionalText("mode_name", 40).value_or(mode);
  header.startedUtc = fields.text("started_utc", 40);
  header.video = fields.text("video", 255);
  if (header.video.find('/') != std::string::npos || header.video == "." || header.video == "..")
    fields.fail("video", "must be a file name beside the sidecar");
  header.sourceKind = fields.text("source", 16);
  if (header.sourceKind != "file" && header.sourceKind != "dicom" && header.sourceKind != "uri" &&
      header.sourceKind != "v4l2" && header.sourceKind != "test")
    fields.fail("source", "must be file, dicom, uri, v4l2 or test");
  header.appVersion = fields.text("app_version", 50);
  return header;
}

}  // namespace endoverlay

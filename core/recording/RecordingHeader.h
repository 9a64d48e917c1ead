#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace endoverlay {

// What a recording says about itself: no patient identifiers, not even the
// source's file name, which a site may have named after the patient.
struct RecordingHeader {
  std::string procedureId;  // opaque; a random one unless the site gives its own (see checkProcedureId)
  std::string startedUtc;   // ISO 8601
  std::string protocolId;    // the mode recorded (a protocol id)
  std::string protocolName;  // as the window showed it
  std::string video;        // the recorded video's file name, beside the sidecar
  std::string sourceKind;   // file, dicom, uri, v4l2 or test
  std::string appVersion;   // of the app that recorded it
};

// The sidecar's first line: {schema, procedure_id, started_utc, mode,
// mode_name, video, source, app_version}.
nlohmann::json headerToJson(const RecordingHeader& header);
// Throws FieldError naming the field: another schema, a field missing or of
// the wrong type, a video that is not a plain file name, a bad procedure ID.
RecordingHeader headerFromJson(const nlohmann::json& json);

// A procedure ID goes into file names and reports: 1 to 64 letters, digits,
// '-', '_' or '.', not starting with '.'. Throws std::invalid_argument saying so.
void checkProcedureId(const std::string& id);

}  // namespace endoverlay

#include "pipeline/SourceError.h"

namespace endoverlay {

std::string toString(SourceErrorCategory category) {
  switch (category) {
    case SourceErrorCategory::BadArgument: return "bad source";
    case SourceErrorCategory::NotFound: return "not found";
    case SourceErrorCategory::MissingPlugin: return "missing plugin";
    case SourceErrorCategory::Fatal: return "stream failed";
  }
  return "error";
}

}  // namespace endoverlay

#pragma once

#include <filesystem>
#include <string>

namespace endoverlay {

// The secret that turns a study's DICOM UIDs into its opaque study ID (DicomStudy::opaqueId): 32 random
// bytes kept in `folder`/.endoverlay-site-key (owner-only), made the first time a study is reviewed there.
// One key per output folder means one study always gets the same ID there, so its review is found again,
// while nobody without the key can tell which DICOM study an ID stands for, nor link IDs across sites.
// Returns the key as 64 hex digits; throws std::runtime_error when the folder or the key cannot be read or
// written, or the key file is damaged.
std::string siteKeyIn(const std::filesystem::path& folder);

inline constexpr const char* kSiteKeyFileName = ".endoverlay-site-key";

}  // namespace endoverlay

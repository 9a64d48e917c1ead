# Every dependency is a Debian 12 package (packaging/debian-packages.txt).
include(${CMAKE_CURRENT_LIST_DIR}/CoreDependencies.cmake)
find_package(DCMTK REQUIRED CONFIG)
find_package(PkgConfig REQUIRED)
pkg_check_modules(GST REQUIRED IMPORTED_TARGET gstreamer-1.0>=1.20 gstreamer-app-1.0 gstreamer-video-1.0)
find_package(Qt6 6.4 REQUIRED COMPONENTS Core Gui Quick Multimedia Test)

# CUDA is optional: a CUDA-enabled LibTorch (-DTorch_DIR=...) brings its own
# torch_cuda target; the engine then picks the GPU at run time when one exists.
include(CheckLanguage)
check_language(CUDA)
if(TARGET torch_cuda)
  set(ENDOVERLAY_TORCH_CUDA ON)
  message(STATUS "Endoverlay inference: LibTorch has CUDA — GPU used when the machine has one, CPU otherwise")
else()
  set(ENDOVERLAY_TORCH_CUDA OFF)
  if(CMAKE_CUDA_COMPILER)
    message(STATUS "Endoverlay inference: CPU only — nvcc found (${CMAKE_CUDA_COMPILER}) but this LibTorch (${Torch_DIR}) has no CUDA; pass -DTorch_DIR of a CUDA LibTorch for the GPU")
  else()
    message(STATUS "Endoverlay inference: CPU only — this LibTorch (${Torch_DIR}) has no CUDA")
  endif()
endif()

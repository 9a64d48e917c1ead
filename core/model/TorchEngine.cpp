#include "core/model/TorchEngine.h"

#include <sstream>

#include <torch/cuda.h>
#include <torch/utils.h>

#include "core/support/Logging.h"
#include "core/model/Preprocess.h"
#include "core/support/Sha256.h"
#include "core/analysis/StageClock.h"

namespace endoverlay {
namespace {

std::string shapeText(c10::IntArrayRef shape) {
  std::ostringstream out;
  out << '[';
  for (std::size_t i = 0; i < shape.size(); ++i) out << (i ? "," : "") << shape[i];
  out << ']';
  return out.str();
}

std::vector<torch::Tensor> flattenOutputs(const torch::jit::IValue& value) {
  if (value.isTensor()) return {value.toTensor()};
  std::vector<torch::Tensor> tensors;
  if (value.isTuple()) {
    for (const auto& element : value.toTupleRef().elements()) tensors.push_back(element.toTensor());
  } else if (value.isTensorList()) {
    for (const auto& tensor : value.toTensorVector()) tensors.push_back(tensor);
  } else {
    throw std::runtime_error("returned neither a tensor nor a tuple of tensors");
  }
  return tensors;
}

torch::Device pickDevice(DeviceChoice choice, const std::string& modelName) {
  const bool cuda = torch::cuda::is_available();
  if (choice == DeviceChoice::Cuda && !cuda)
    throw ModelCardError("model " + modelName + ": CUDA was asked for but LibTorch sees no GPU");
  return (choice != DeviceChoice::Cpu && cuda) ? torch::Device(torch::kCUDA, 0) : torch::Device(torch::kCPU);
}

}  // namespace

int applyCpuThreadBudget(int requested) {
  const int threads = cpuThreadBudget(requested);
  // Debian's LibTorch starts with one thread whatever the machine has.
  if (torch::get_num_threads() != threads) torch::set_num_threads(threads);
  return threads;
}

TorchEngine::TorchEngine(const ModelCard& card, const EngineOptions& options)
    : card_(card), cpuThreads_(options.cpuThreads) {
  const torch::Device device = pickDevice(options.device, card.name);
  load(device, options.cpuThreads);
  fallback_ = DeviceFallback(device.is_cuda());
}

void TorchEngine::load(torch::Device device, int cpuThreads) {
  const auto log = moduleLogger("core");
  std::string actual;
  try {
    actual = sha256OfFile(card_.modelPath);
  } catch (const std::exception& e) {
    throw ModelCardError("model " + card_.modelPath.string() + ": " + e.what());
  }
  if (actual != card_.sha256)
    throw ModelCardError("model " + card_.modelPath.string() + " refused: its SHA-256 is " + actual +
                         " but its card " + card_.cardPath.string() + " says " + card_.sha256 +
                         " (the file was changed or belongs to another card)");
  try {
    module_ = torch::jit::load(card_.modelPath.string(), device);
  } catch (const std::exception& e) {
    throw ModelCardError("model " + card_.modelPath.string() + " is not a loadable TorchScript file: " +
                         std::string(e.what()).substr(0, 300));
  }
  module_.eval();
  device_ = device;
  dtype_ = device.is_cuda() && card_.halfPrecision ? torch::kFloat16 : torch::kFloat32;
  if (dtype_ != torch::kFloat32) module_.to(dtype_);
  // Freezing folds batch norm into the convolutions and the weights into constants; on the CPU the forward pass
  // then runs on oneDNN's convolutions, several times faster for the small heads. Grad-CAM's method is kept
  // frozen but not converted, so autograd can still run through it. The GPU keeps the frozen graph only: the
  // CUDA fusions were never measured here.
  std::vector<std::string> keep;
  if (!card_.gradCamMethod.empty()) {
    if (!module_.find_method(card_.gradCamMethod))
      throw ModelCardError("model " + card_.modelPath.string() + " has no method '" + card_.gradCamMethod +
                           "', which its card " + card_.cardPath.string() + " names for Grad-CAM");
    keep.push_back(card_.gradCamMethod);
  }
  module_ = torch::jit::freeze(module_, keep);
  if (device.is_cpu()) module_ = torch::jit::optimize_for_inference(module_);
  devicePreprocess_ = device.is_cuda() ? std::make_unique<DevicePreprocessor>(card_.input, device, dtype_) : nullptr;
  {
    const std::lock_guard lock(deviceNameMutex_);
    deviceName_ = device.is_cpu() ? "CPU" : dtype_ == torch::kFloat16 ? "GPU (CUDA, half precision)" : "GPU (CUDA)";
  }
  const int threads = device.is_cpu() ? applyCpuThreadBudget(cpuThreads) : 0;
  warmUp();
  log->info("loaded {} {} ({}) on {}{}", card_.name, card_.version, card_.modelPath.string(), deviceName(),
            threads ? " with " + std::to_string(threads) + " threads" : std::string());
}

// TorchScript optimises a graph on its first runs; run them now, on an input of the card's size, so the first
// live frame does not wait for them. A model that fails here fails on that frame too, and says so there.
void TorchEngine::warmUp() {
  constexpr int kRuns = 2;
  const c10::InferenceMode inference;
  const torch::Tensor input =
      torch::zeros({1, static_cast<std::int64_t>(card_.input.channels), card_.input.height, card_.input.width},
                   torch::TensorOptions().device(device_).dtype(dtype_));
  try {
    for (int run = 0; run < kRuns; ++run) module_.forward({input});
  } catch (const std::exception& e) {
    moduleLogger("core")->debug("warm-up of {} failed: {}", card_.name, std::string(e.what()).substr(0, 200));
  }
}

std::string TorchEngine::deviceName() const {
  const std::lock_guard lock(deviceNameMutex_);
  return deviceName_;
}

torch::Tensor TorchEngine::toModel(const torch::Tensor& tensor) const { return tensor.to(device_, dtype_); }

ModelOutputs TorchEngine::infer(const cv::Mat& bgrx, StageTimings& timings) {
  ModelOutputs outputs = fallback_.run([&] { return inferOnce(bgrx, timings); }, [&] { load(torch::kCPU, cpuThreads_); });
  if (!shapesChecked_) {
    checkOutputShapes(outputs.tensors);
    shapesChecked_ = true;
  }
  return outputs;
}

ModelOutputs TorchEngine::inferOnce(const cv::Mat& bgrx, StageTimings& timings) {
  const c10::InferenceMode inference;
  StageClock clock;
  const torch::Tensor input = devicePreprocess_ ? (*devicePreprocess_)(bgrx) : preprocessFrame(bgrx, card_.input);
  timings.preprocessMs += clock.lap();
  ModelOutputs outputs;
  try {
    outputs.tensors = flattenOutputs(module_.forward({input}));
  } catch (const std::exception& e) {
    throw std::runtime_error("model " + card_.name + " failed on a frame: " + std::string(e.what()).substr(0, 300));
  }
  // Only these small tensors come back; reading them waits for the device, so its errors surface here.
  for (torch::Tensor& output : outputs.tensors) {
    output = output.to(torch::kCPU, torch::kFloat32);
    outputs.finite = outputs.finite && torch::isfinite(output).all().item<bool>();
  }
  torch::Tensor& first = outputs.tensors.front();
  first = card_.activation == Activation::Sigmoid ? torch::sigmoid(first) : torch::softmax(first, 1);
  timings.inferenceMs += clock.lap();
  return outputs;
}

void TorchEngine::checkOutputShapes(const std::vector<torch::Tensor>& outputs) const {
  const auto& expected = card_.outputs;
  if (outputs.size() != expected.size())
    throw ModelCardError("model " + card_.modelPath.string() + " returned " + std::to_string(outputs.size()) +
                         " outputs but its card " + card_.cardPath.string() + " lists " +
                         std::to_string(expected.size()));
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    if (outputs[i].sizes() != c10::IntArrayRef(expected[i].shape))
      throw ModelCardError("model " + card_.modelPath.string() + " returned shape " + shapeText(outputs[i].sizes()) +
                           " for output '" + expected[i].name + "' but its card " + card_.cardPath.string() +
                           " says " + shapeText(expected[i].shape));
  }
}

}  // namespace endoverlay

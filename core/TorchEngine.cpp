#include "core/TorchEngine.h"

#include <sstream>

#include <torch/cuda.h>
#include <torch/utils.h>

#include "core/Logging.h"
#include "core/Sha256.h"

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

TorchEngine::TorchEngine(const ModelCard& card, const EngineOptions& options) : card_(card) {
  const auto log = moduleLogger("core");
  std::string actual;
  try {
    actual = sha256OfFile(card.modelPath);
  } catch (const std::exception& e) {
    throw ModelCardError("model " + card.modelPath.string() + ": " + e.what());
  }
  if (actual != card.sha256)
    throw ModelCardError("model " + card.modelPath.string() + " refused: its SHA-256 is " + actual +
                         " but its card " + card.cardPath.string() + " says " + card.sha256 +
                         " (the file was changed or belongs to another card)");
  device_ = pickDevice(options.device, card.name);
  try {
    module_ = torch::jit::load(card.modelPath.string(), device_);
  } catch (const std::exception& e) {
    throw ModelCardError("model " + card.modelPath.string() + " is not a loadable TorchScript file: " +
                         std::string(e.what()).substr(0, 300));
  }
  module_.eval();
  const int threads = device_.is_cpu() ? applyCpuThreadBudget(options.cpuThreads) : 0;
  log->info("loaded {} {} ({}) on {}{}", card.name, card.version, card.modelPath.string(), deviceName(),
            threads ? " with " + std::to_string(threads) + " threads" : std::string());
}

std::string TorchEngine::deviceName() const {
  return device_.is_cuda() ? "GPU (CUDA)" : "CPU";
}

std::vector<torch::Tensor> TorchEngine::run(const torch::Tensor& input) {
  const c10::InferenceMode inference;
  std::vector<torch::Tensor> outputs;
  try {
    outputs = flattenOutputs(module_.forward({input.to(device_)}));
  } catch (const std::exception& e) {
    throw std::runtime_error("model " + card_.name + " failed on a frame: " + std::string(e.what()).substr(0, 300));
  }
  if (!shapesChecked_) {
    checkOutputShapes(outputs);
    shapesChecked_ = true;
  }
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

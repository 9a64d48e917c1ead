#include <QtTest>

#include "core/model/ModelDirectory.h"
#include "core/protocol/ProtocolDirectory.h"
#include "core/protocol/ResolvedProtocol.h"
#include "support/TestFiles.h"

using namespace endoverlay;
namespace fs = std::filesystem;

namespace {

// A protocol of `heads` (the JSON array's text) with the usual frame.
std::string protocolWith(const std::string& heads) {
  return R"({"schema": "endoverlay.protocol/1", "id": "site", "name": "Site", "heads": )" + heads + "}";
}

template <typename Run>
QString failureOf(Run run) {
  try {
    run();
  } catch (const ProtocolError& e) {
    return QString::fromUtf8(e.what());
  }
  return QStringLiteral("<no error>");
}

const char* kAmpulla = R"({"id": "a", "card": {"task": "ampulla_soft_mask"}, "readout": "heatmap_box"})";

}  // namespace

// A protocol is refused with its file and field named, first as text, then against the cards it needs.
class ProtocolTest : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir scratch_;

 private Q_SLOTS:
  void bundledProtocolsReadAsTheModesTheyWere() {
    const std::vector<Protocol> protocols = test::bundledProtocols();
    QCOMPARE(protocols.size(), std::size_t{5});
    const Protocol& ercp = findProtocol(protocols, "ercp");
    QCOMPARE(ercp.name, std::string("ERCP"));
    QVERIFY(!ercp.takesRegion());
    const ResolvedProtocol resolved = ResolvedProtocol::resolve(ercp, loadModelCards(test::bundledModels()));
    QCOMPARE(resolved.heads.size(), std::size_t{2});
    QCOMPARE(resolved.heads[1].scale, 3.0);  // the difficulty card's own region scale
    QCOMPARE(resolved.heads[1].aroundHead, std::size_t{0});
    QVERIFY(findProtocol(protocols, "eus").takesRegion());
    QCOMPARE(parseProtocolId("EUS"), std::string("eus"));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseProtocolId("e us"));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, findProtocol(protocols, "mri"));
    const Protocol& ceus = findProtocol(protocols, "ceus");
    QVERIFY(ceus.takesRegion());
    QVERIFY(ceus.userRegion == RegionPlacement::RightHalf);
    QVERIFY(findProtocol(protocols, "eus").userRegion == RegionPlacement::AsDrawn);
    QCOMPARE(ResolvedProtocol::resolve(ceus, loadModelCards(test::bundledModels())).heads.front().card.task,
             std::string("ceus_lesion_type"));
    // The paper's phases after the injection, and its lesions read from the pancreatic phase on.
    QVERIFY(ceus.contrast && !findProtocol(protocols, "eus").contrast);
    const ContrastTiming& timing = *ceus.contrast;
    QCOMPARE(timing.phaseAt(0).id, std::string("vascular"));
    QCOMPARE(timing.phaseAt(29.9).id, std::string("vascular"));
    QCOMPARE(timing.phaseAt(30).id, std::string("pancreatic"));
    QCOMPARE(timing.phaseAt(59.9).id, std::string("pancreatic"));
    QCOMPARE(timing.phaseAt(600).id, std::string("delayed"));
    QCOMPARE(timing.headsFrom, std::string("pancreatic"));
  }

  // Without a head reading the user's region, a contrast clock still takes one: the curve reads it.
  void aContrastClockTakesARegion() {
    const Protocol p = Protocol::parse(
        R"({"schema": "endoverlay.protocol/1", "id": "s", "name": "S", "contrast": {"phases": [{"id": "early", "until_s": 20}, {"id": "late"}]}, "heads": [)" +
            std::string(kAmpulla) + "]}",
        "/site/p.json");
    QVERIFY(p.takesRegion() && p.contrast && p.contrast->headsFrom.empty());
    QCOMPARE(p.contrast->phaseAt(25).id, std::string("late"));
  }

  void badTextIsRefusedNamingTheField_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("problem");
    QTest::newRow("not JSON") << "{" << "is not valid JSON";
    QTest::newRow("a card") << R"({"schema": "endoverlay.model-card/1"})" << "is not an Endoverlay protocol";
    QTest::newRow("upper-case id") << R"({"schema": "endoverlay.protocol/1", "id": "Site", "name": "S", "heads": []})"
                                   << "id: must be 1 to 32 of a-z";
    QTest::newRow("no heads") << QString::fromStdString(protocolWith("[]")) << "heads:";
    QTest::newRow("unknown field") << QString::fromStdString(protocolWith(R"([{"id": "a", "card": {"task": "cyst_type"}, "readout": "class_badge", "colour": 1}])"))
                                   << "heads[0].colour: is not a known field";
    QTest::newRow("task and name") << QString::fromStdString(protocolWith(R"([{"id": "a", "card": {"task": "cyst_type", "name": "x"}, "readout": "class_badge"}])"))
                                   << "heads[0].card: must name either a task or a card name";
    QTest::newRow("malformed task") << QString::fromStdString(protocolWith(R"([{"id": "a", "card": {"task": "Liver seg"}, "readout": "class_badge"}])"))
                                    << "heads[0].card.task: must be 1 to 64 of a-z, 0-9 and '_'";
    QTest::newRow("unknown readout") << QString::fromStdString(protocolWith(R"([{"id": "a", "card": {"task": "cyst_type"}, "readout": "pie"}])"))
                                     << "heads[0].readout: must be heatmap_box, traffic_light, class_badge or segmentation";
    QTest::newRow("unknown input") << QString::fromStdString(protocolWith(R"([{"id": "a", "card": {"task": "cyst_type"}, "input": "roi", "readout": "class_badge"}])"))
                                   << "heads[0].input: must be frame, user_region";
    QTest::newRow("around a later head")
        << QString::fromStdString(protocolWith(std::string("[") + R"({"id": "d", "card": {"task": "cyst_type"}, "input": {"around": "a"}, "readout": "class_badge"},)" + kAmpulla + "]"))
        << "heads[0].input.around: 'a' is not a head listed before this one";
    QTest::newRow("while an unknown head") << QString::fromStdString(protocolWith(std::string("[") + kAmpulla + R"(, {"id": "d", "card": {"task": "cyst_type"}, "runs": {"while_shown": "z"}, "readout": "class_badge"}])"))
                                           << "heads[1].runs.while_shown: 'z' is not a head listed before this one";
    QTest::newRow("head id twice") << QString::fromStdString(protocolWith(std::string("[") + kAmpulla + "," + kAmpulla + "]"))
                                   << "heads[1].id: 'a' is used by another head";
    QTest::newRow("unknown region placement")
        << R"({"schema": "endoverlay.protocol/1", "id": "s", "name": "S", "user_region": "left", "heads": [{"id": "a", "card": {"task": "cyst_type"}, "readout": "class_badge"}]})"
        << "user_region: must be as_drawn or right_half";
    const auto withContrast = [](const std::string& contrast) {
      return QString::fromStdString(R"({"schema": "endoverlay.protocol/1", "id": "s", "name": "S", "contrast": )" + contrast +
                                    R"(, "heads": [{"id": "a", "card": {"task": "cyst_type"}, "readout": "class_badge"}]})");
    };
    QTest::newRow("no phases") << withContrast(R"({"phases": []})") << "contrast.phases:";
    QTest::newRow("open phase first") << withContrast(R"({"phases": [{"id": "a"}, {"id": "b"}]})")
                                      << "contrast.phases[0].until_s:";
    QTest::newRow("last phase ends") << withContrast(R"({"phases": [{"id": "a", "until_s": 3}]})")
                                     << "contrast.phases[0].until_s: the last phase has no end";
    QTest::newRow("phases out of order") << withContrast(R"({"phases": [{"id": "a", "until_s": 30}, {"id": "b", "until_s": 20}, {"id": "c"}]})")
                                         << "contrast.phases[1].until_s: must be later than the phase before ends";
    QTest::newRow("phase twice") << withContrast(R"({"phases": [{"id": "a", "until_s": 30}, {"id": "a"}]})")
                                 << "contrast.phases[1].id: 'a' names another phase too";
    QTest::newRow("phase end a string") << withContrast(R"({"phases": [{"id": "a", "until_s": "30"}, {"id": "b"}]})")
                                        << "contrast.phases[0].until_s:";
    QTest::newRow("heads from an unknown phase") << withContrast(R"({"phases": [{"id": "a"}], "heads_from_phase": "z"})")
                                                 << "contrast.heads_from_phase: 'z' is not a phase listed";
    QTest::newRow("unknown contrast field") << withContrast(R"({"phases": [{"id": "a"}], "agent": "SonoVue"})")
                                            << "contrast.agent: is not a known field";
    QTest::newRow("scale out of range") << QString::fromStdString(protocolWith(std::string("[") + kAmpulla + R"(, {"id": "d", "card": {"task": "cannulation_difficulty"}, "input": {"around": "a", "scale": 100}, "readout": "traffic_light"}])"))
                                        << "heads[1].input.scale:";
    const auto withStudy = [](const std::string& study, const std::string& head = R"({"id": "a", "card": {"task": "x"}, "readout": "class_badge"})") {
      return QString::fromStdString(R"({"schema": "endoverlay.protocol/1", "id": "s", "name": "S", "study": )" + study +
                                    R"(, "heads": [)" + head + "]}");
    };
    const std::string ct = R"({"modality": "CT", "series": [{"id": "arterial", "matches": ["arterial"]}]})";
    QTest::newRow("study of an unknown modality") << withStudy(R"({"modality": "US", "series": [{"id": "a"}]})")
                                                  << "study.modality: must be CT or MR, not 'US'";
    QTest::newRow("study without series") << withStudy(R"({"modality": "CT", "series": []})") << "study.series:";
    QTest::newRow("series twice") << withStudy(R"({"modality": "CT", "series": [{"id": "a"}, {"id": "a"}]})")
                                  << "study.series[1].id: 'a' names another series too";
    QTest::newRow("series word of spaces") << withStudy(R"({"modality": "MR", "series": [{"id": "a", "matches": ["  "]}]})")
                                           << "study.series[0].matches: each word must be 1 to 64 characters, not only spaces";
    QTest::newRow("series words not text") << withStudy(R"({"modality": "MR", "series": [{"id": "a", "matches": [2]}]})")
                                           << "study.series[0].matches";
    QTest::newRow("head reads an unknown series")
        << withStudy(ct, R"({"id": "a", "card": {"task": "x"}, "series": "venous", "readout": "class_badge"})")
        << "heads[0].series: 'venous' is not a series of the study";
    QTest::newRow("series without a study")
        << QString::fromStdString(protocolWith(R"([{"id": "a", "card": {"task": "cyst_type"}, "series": "t2", "readout": "class_badge"}])"))
        << "heads[0].series: only a protocol with a study reads series";
    QTest::newRow("inside a later head")
        << withStudy(ct, R"({"id": "a", "card": {"task": "x"}, "input": {"inside": "b"}, "readout": "class_badge"})")
        << "heads[0].input.inside: 'b' is not a head listed before this one";
    QTest::newRow("inside and around at once")
        << QString::fromStdString(protocolWith(std::string("[") + kAmpulla + R"(, {"id": "d", "card": {"task": "cyst_type"}, "input": {"inside": "a", "around": "a"}, "readout": "class_badge"}])"))
        << "heads[1].input.around: is not a known field";
  }

  void badTextIsRefusedNamingTheField() {
    QFETCH(QString, text);
    QFETCH(QString, problem);
    const QString message = failureOf([&] { Protocol::parse(text.toStdString(), "/site/p.json"); });
    QVERIFY2(message.startsWith("protocol /site/p.json: ") && message.contains(problem), qPrintable(message));
  }

  void headsTheCardsCannotServeAreRefused_data() {
    QTest::addColumn<QString>("heads");
    QTest::addColumn<QString>("problem");
    QTest::newRow("no such card") << R"([{"id": "a", "card": {"name": "liver-seg"}, "readout": "heatmap_box"}])"
                                  << "heads[0].card: no model card named liver-seg in the models folder";
    QTest::newRow("readout the card does not drive") << R"([{"id": "a", "card": {"task": "cyst_type"}, "readout": "heatmap_box"}])"
                                                      << "heads[0].readout: model eus-cyst-demo (classifier) drives a class_badge readout, not heatmap_box";
    QTest::newRow("soft mask on a region") << R"([{"id": "a", "card": {"task": "ampulla_soft_mask"}, "input": "user_region", "readout": "heatmap_box"}])"
                                           << "heads[0].input: model ercp-ampulla-demo finds its target in the whole frame";
    QTest::newRow("square-trained model on the frame") << R"([{"id": "a", "card": {"task": "cannulation_difficulty"}, "readout": "traffic_light"}])"
                                                       << "heads[0].input: model ercp-difficulty-demo was trained on the square around the ampulla_box";
    QTest::newRow("around a classifier") << R"([{"id": "c", "card": {"task": "cyst_type"}, "readout": "class_badge"}, {"id": "d", "card": {"task": "cannulation_difficulty"}, "input": {"around": "c"}, "readout": "traffic_light"}])"
                                         << "heads[1].input.around: head 'c' gives no box to look around";
    QTest::newRow("needed head without a card") << R"([{"id": "a", "card": {"name": "gone"}, "optional": true, "readout": "heatmap_box"}, {"id": "d", "card": {"task": "cannulation_difficulty"}, "input": {"around": "a"}, "readout": "traffic_light"}])"
                                                << "heads[1].input.around: head 'a' has no model card, and this head is not optional";
    QTest::newRow("nothing left") << R"([{"id": "a", "card": {"name": "gone"}, "optional": true, "readout": "heatmap_box"}])"
                                  << "heads: none of them has a model card";
    QTest::newRow("a slice's model on video") << R"([{"id": "a", "card": {"task": "liver_segmentation"}, "readout": "segmentation"}])"
                                              << "heads[0].card: model mri-liver-demo reads a CT or MR slice's values; only a protocol with a study can run it";
  }

  void headsTheCardsCannotServeAreRefused() {
    QFETCH(QString, heads);
    QFETCH(QString, problem);
    const Protocol protocol = Protocol::parse(protocolWith(heads.toStdString()), "/site/p.json");
    const QString message = failureOf([&] { ResolvedProtocol::resolve(protocol, loadModelCards(test::bundledModels())); });
    QVERIFY2(message.startsWith("protocol /site/p.json: ") && message.contains(problem), qPrintable(message));
  }

  void studyHeadsTheCardsCannotServeAreRefused_data() {
    QTest::addColumn<QString>("heads");
    QTest::addColumn<QString>("problem");
    QTest::newRow("a video model on slices") << R"([{"id": "a", "card": {"task": "cyst_type"}, "readout": "class_badge"}])"
                                             << "heads[0].card: model eus-cyst-demo takes a video's pixels";
    QTest::newRow("segmented classifier on the whole slice")
        << R"([{"id": "a", "card": {"name": "mri-cirrhosis-segmented-demo"}, "readout": "class_badge"}])"
        << "heads[0].input: model mri-cirrhosis-segmented-demo was trained inside a segmenter's region; its input must be {\"inside\": HEAD}";
    QTest::newRow("inside a classifier")
        << R"([{"id": "w", "card": {"name": "mri-cirrhosis-whole-demo"}, "readout": "class_badge"}, {"id": "c", "card": {"name": "mri-cirrhosis-segmented-demo"}, "input": {"inside": "w"}, "readout": "class_badge"}])"
        << "heads[1].input.inside: head 'w' is not a segmenter";
    QTest::newRow("inside without a margin")
        << R"([{"id": "l", "card": {"task": "liver_segmentation"}, "readout": "segmentation"}, {"id": "c", "card": {"name": "mri-cirrhosis-whole-demo"}, "input": {"inside": "l"}, "readout": "class_badge"}])"
        << "heads[1].input: model mri-cirrhosis-whole-demo's card gives no postprocess.mask_margin_px";
    QTest::newRow("inside a region of another series")
        << R"([{"id": "l", "card": {"task": "liver_segmentation"}, "series": "b", "readout": "segmentation"}, {"id": "c", "card": {"name": "mri-cirrhosis-segmented-demo"}, "input": {"inside": "l"}, "readout": "class_badge"}])"
        << "heads[1].input.inside: head 'l' reads another series than this head";
  }

  void studyHeadsTheCardsCannotServeAreRefused() {
    QFETCH(QString, heads);
    QFETCH(QString, problem);
    const Protocol protocol = Protocol::parse(
        R"({"schema": "endoverlay.protocol/1", "id": "s", "name": "S", "study": {"modality": "MR", "series": [{"id": "a"}, {"id": "b"}]}, "heads": )" +
            heads.toStdString() + "}",
        "/site/p.json");
    const QString message = failureOf([&] { ResolvedProtocol::resolve(protocol, loadModelCards(test::bundledModels())); });
    QVERIFY2(message.startsWith("protocol /site/p.json: ") && message.contains(problem), qPrintable(message));
  }

  // The study protocols read their series by the words scanners name them with, and chain the liver's region.
  void bundledStudyProtocolsReadTheirSeries() {
    const std::vector<Protocol> protocols = test::bundledProtocols();
    const std::vector<ModelCard> cards = loadModelCards(test::bundledModels());
    const Protocol& ct = findProtocol(protocols, "ct-renal-mass");
    QVERIFY(ct.study && ct.study->modality == StudyModality::Ct && ct.takesRegion());
    const ResolvedProtocol renal = ResolvedProtocol::resolve(ct, cards);
    QCOMPARE(renal.heads.size(), std::size_t{4});
    for (std::size_t i = 0; i < 4; ++i) {
      QCOMPARE(renal.heads[i].series, i);
      QCOMPARE(renal.heads[i].spec.id, ct.study->series[i].id);
      QVERIFY(renal.heads[i].card.decision && renal.heads[i].card.input.window);
    }
    const Protocol& mri = findProtocol(protocols, "mri-cirrhosis");
    QVERIFY(mri.study && mri.study->modality == StudyModality::Mr && !mri.takesRegion());
    const ResolvedProtocol liver = ResolvedProtocol::resolve(mri, cards);
    QCOMPARE(liver.heads.size(), std::size_t{3});
    QVERIFY(liver.heads[1].spec.input == HeadInput::InsideHead);
    QCOMPARE(liver.heads[1].insideHead, std::size_t{0});
    QVERIFY(liver.heads[1].card.maskMarginPx == 1);
  }

  // An optional head without its card is left out, and so is an optional head that reads it.
  void optionalHeadsWithoutCardsAreLeftOut() {
    const Protocol protocol = Protocol::parse(protocolWith(R"([{"id": "m", "card": {"name": "gone"}, "optional": true, "readout": "heatmap_box"},
        {"id": "d", "card": {"task": "cannulation_difficulty"}, "input": {"around": "m"}, "optional": true, "readout": "traffic_light"},
        {"id": "c", "card": {"task": "cyst_type"}, "input": "user_region", "readout": "class_badge"}])"), "/site/p.json");
    const ResolvedProtocol resolved = ResolvedProtocol::resolve(protocol, loadModelCards(test::bundledModels()));
    QCOMPARE(resolved.heads.size(), std::size_t{1});
    QCOMPARE(resolved.heads[0].spec.id, std::string("c"));
  }

  void aSiteFolderAddsItsProtocolsAndMayNotReuseAnId() {
    const fs::path site = fs::path(scratch_.path().toStdString()) / "site";
    fs::create_directories(site);
    test::writeText(site / "papilla.json", R"({"schema": "endoverlay.protocol/1", "id": "papilla", "name": "Papilla", "heads": [)" +
                                               std::string(kAmpulla) + "]}");
    const std::vector<Protocol> protocols = loadProtocols(test::resources() / "protocols", site);
    QCOMPARE(protocols.size(), std::size_t{6});
    QCOMPARE(protocols.back().id, std::string("papilla"));
    QCOMPARE(protocolNamed("PAPILLA", site).id, std::string("papilla"));
    test::writeText(site / "two.json", R"({"schema": "endoverlay.protocol/1", "id": "ercp", "name": "Mine", "heads": [)" +
                                           std::string(kAmpulla) + "]}");
    QVERIFY(failureOf([&] { loadProtocols(test::resources() / "protocols", site); }).contains("both have the id 'ercp'"));
    fs::remove(site / "two.json");
    test::writeText(site / "same-name.json", R"({"schema": "endoverlay.protocol/1", "id": "other", "name": "ERCP", "heads": [)" +
                                                 std::string(kAmpulla) + "]}");
    QVERIFY(failureOf([&] { loadProtocols(test::resources() / "protocols", site); }).contains("both have the name 'ERCP'"));
    QVERIFY(failureOf([&] { loadProtocols(test::resources() / "protocols", site / "missing"); }).contains("does not exist"));
  }
};

QTEST_GUILESS_MAIN(ProtocolTest)
#include "ProtocolTest.moc"

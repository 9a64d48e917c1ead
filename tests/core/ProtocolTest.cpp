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
    QCOMPARE(protocols.size(), std::size_t{3});
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
  }

  void headsTheCardsCannotServeAreRefused() {
    QFETCH(QString, heads);
    QFETCH(QString, problem);
    const Protocol protocol = Protocol::parse(protocolWith(heads.toStdString()), "/site/p.json");
    const QString message = failureOf([&] { ResolvedProtocol::resolve(protocol, loadModelCards(test::bundledModels())); });
    QVERIFY2(message.startsWith("protocol /site/p.json: ") && message.contains(problem), qPrintable(message));
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
    QCOMPARE(protocols.size(), std::size_t{4});
    QCOMPARE(protocols.back().id, std::string("papilla"));
    QCOMPARE(protocolIdFor("PAPILLA", site), std::string("papilla"));
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

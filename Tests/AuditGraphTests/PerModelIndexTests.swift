import AuditGraph
import AuditModel
import Synchronization
import Testing

@Suite struct PerModelIndexTests {
    @Test func buildsOncePerModelAndAgainForANewModel() async {
        let builds = Mutex(0)
        let index = PerModelIndex { model in
            builds.withLock { $0 += 1 }
            return model.resources.count
        }
        let first = await loadModel([("a.yaml", "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n")])
        #expect(index.of(first) == 1)
        #expect(index.of(first) == 1)
        #expect(builds.withLock { $0 } == 1)
        let second = await loadModel([("b.yaml", "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n  T:\n    Type: AWS::SNS::Topic\n")])
        #expect(index.of(second) == 2)
        #expect(builds.withLock { $0 } == 2)
    }
}

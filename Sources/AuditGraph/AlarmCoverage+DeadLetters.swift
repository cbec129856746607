import AuditModel

extension AlarmCoverage {
    /// The resources that send failed messages to `queue`: queues whose redrive policy names
    /// it, functions whose dead-letter config does, event source mappings and async-invoke
    /// configs whose on-failure destination does (AS-ALARM-009's subjects).
    public static func deadLetterSources(of queue: Resource, in model: CloudModel) -> [Resource] {
        model.referrers(of: queue.id).compactMap { source, link in
            if let attribute = link.attribute, [.redrivePolicy, .deadLetterTarget, .onFailureDestination].contains(attribute) { return source }
            let path = link.path.lowercased()
            let isDeadLetterPath = path.hasPrefix("redrive") || path.hasPrefix("deadletter") || path.hasPrefix("dead_letter")
                || path.contains("onfailure") || path.contains("on_failure")
            return isDeadLetterPath ? source : nil
        }
    }
}

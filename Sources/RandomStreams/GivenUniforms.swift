extension RandomStream {
    /// Creates the stream for `key` whose Philox key (``StreamKey/philoxKey``) the caller
    /// has already computed, e.g. once for the many person streams of one county-year
    /// that differ only in `person`. `philoxKey` must be `key.philoxKey`.
    @inlinable
    public init(key: StreamKey, philoxKey: Philox4x32.Key) {
        self.key = key
        self.philoxKey = philoxKey
        self.counter = key.philoxCounter(block: 0)
        self.blocksUsed = 0
        self.buffer = Philox4x32.Block(0, 0, 0, 0)
        self.remaining = 0
    }

    /// The next four words of the stream, in order: a whole Philox block when the stream
    /// is at a block boundary (as a new stream is) or holds a whole unread block (as a
    /// stream given its first block does, ``sibling(person:firstBlock:)``), the same words as
    /// four ``nextUInt32()``.
    @inlinable @inline(__always)
    public mutating func nextFourWords() -> Philox4x32.Block {
        // A whole unread block (every person-year's first): handed out as is, not word by word.
        if remaining == 4 {
            remaining = 0
            return buffer
        }
        guard remaining == 0 else { return Philox4x32.Block(nextUInt32(), nextUInt32(), nextUInt32(), nextUInt32()) }
        refill()
        remaining = 0
        return buffer
    }
}

using Microsoft.CodeAnalysis;

namespace ThreadSafetyAnalyzers.Reasoning;

/// <summary>
/// The stack of the depth-first walks over operation trees (<see cref="OperationTrees.Find"/>, a loop's first wait).
/// Its slots are structs: a store into an <c>IOperation[]</c>, as <c>Stack&lt;IOperation&gt;</c> makes, checks the
/// element's type every time, a tenth of a walk's samples on Quartz. Each thread keeps one stack for its next walk; a
/// walk that starts inside another (a nested loop's wait, a match that walks) takes a new one.
/// </summary>
internal sealed class OperationStack
{
    [System.ThreadStatic]
    private static OperationStack? _spare;

    private Slot[] _slots = new Slot[64];
    private int _count;

    private OperationStack()
    {
    }

    public int Count => _count;

    /// <summary>The thread's spare stack, or a new one while the spare is in use; give it back with <see cref="Return"/>.</summary>
    public static OperationStack Rent()
    {
        var stack = _spare ?? new OperationStack();
        _spare = null;
        return stack;
    }

    /// <summary>
    /// Empties the stack (dropping what it still holds) and keeps it as the thread's spare, unless a huge body made it
    /// grow: a thread should not hold that much for good.
    /// </summary>
    public void Return()
    {
        if (_slots.Length > LargestKept)
        {
            return;
        }

        System.Array.Clear(_slots, 0, _count);
        _count = 0;
        _spare = this;
    }

    private const int LargestKept = 4096;

    public void Push(IOperation operation)
    {
        if (_count == _slots.Length)
        {
            System.Array.Resize(ref _slots, _count * 2);
        }

        _slots[_count++].Operation = operation;
    }

    public IOperation Pop()
    {
        ref var slot = ref _slots[--_count];
        var operation = slot.Operation!;
        slot.Operation = null;
        return operation;
    }

    /// <summary>Pushes the children of <paramref name="parent"/> last to first, so that they pop in source order.</summary>
    public void PushChildren(IOperation parent)
    {
        foreach (var child in parent.ChildOperations.Reverse())
        {
            Push(child);
        }
    }

    private struct Slot
    {
        public IOperation? Operation;
    }
}
